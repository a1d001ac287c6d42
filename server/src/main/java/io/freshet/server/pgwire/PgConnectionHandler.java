package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of a connection, on the event loop: answers the encryption requests, forwards
 * cancel requests, and hands every other message to the {@link PgConnection}, which processes it
 * on a worker thread. Nothing here blocks.
 */
final class PgConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PgConnectionHandler.class);
    private static final byte[] NO_ENCRYPTION = {'N'};

    private final PgServer server;
    private final Duration startupTimeout;
    private PgConnection connection;

    PgConnectionHandler(PgServer server, Duration startupTimeout) {
        this.server = requireNonNull(server, "server is null");
        this.startupTimeout = requireNonNull(startupTimeout, "startupTimeout is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = server.accept(ctx.channel());
        ctx.executor().schedule(() -> {
            if (!connection.isReady() && ctx.channel().isActive()) {
                log.info("closing connection from {}: no startup within {} s", ctx.channel().remoteAddress(),
                        startupTimeout.toSeconds());
                ctx.close();
            }
        }, startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        FrontendMessage message = (FrontendMessage) msg;
        if (message instanceof FrontendMessage.SslRequest || message instanceof FrontendMessage.GssEncryptionRequest) {
            // No TLS yet. To add it: answer 'S' and insert an SslHandler before the frame decoder
            // here, before the client sends its next byte.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(NO_ENCRYPTION));
            return;
        }
        if (message instanceof FrontendMessage.CancelRequest) {
            FrontendMessage.CancelRequest cancel = (FrontendMessage.CancelRequest) message;
            server.cancel(cancel.processId(), cancel.secretKey());
            ctx.close();
            return;
        }
        connection.receive(message);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.disconnected();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("unexpected failure on connection from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
