<#--
  Freshet's productions, included into Calcite's Parser.jj by config.fmpp.
  Keep Java out of here where it can live in ParserSupport: actions stay
  short and the logic stays testable.
-->

/**
 * Parses zero or more statements separated by semicolons, then the end of
 * input. Empty statements (";;", or a ";" at the start or end) are skipped.
 * Adds the first token of each statement to {@code starts}.
 */
SqlNodeList FreshetStmtList(List<Token> starts) :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode stmt;
}
{
    ( <SEMICOLON> )*
    [
        { starts.add(getToken(1)); }
        stmt = SqlStmt() { list.add(stmt); }
        (
            <SEMICOLON>
            [
                { starts.add(getToken(1)); }
                stmt = SqlStmt() { list.add(stmt); }
            ]
        )*
    ]
    <EOF>
    {
        return new SqlNodeList(list, SqlParserPos.ZERO);
    }
}

/* ---------------------------------------------------------------------
 * CREATE TABLE / SOURCE / MATERIALIZED VIEW and DROP
 * ------------------------------------------------------------------- */

SqlCreate FreshetCreate(Span s, boolean replace) :
{
    final SqlCreate create;
}
{
    (
        <TABLE> create = CreateRelationBody(s, replace, true)
    |
        <SOURCE> create = CreateRelationBody(s, replace, false)
    |
        <MATERIALIZED> <VIEW> create = CreateMaterializedViewBody(s, replace)
    )
    {
        return create;
    }
}

boolean IfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** What follows CREATE TABLE or CREATE SOURCE. */
SqlCreate CreateRelationBody(Span s, boolean replace, boolean table) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final Span columnSpan = Span.of();
    SqlNodeList options = SqlNodeList.EMPTY;
    SqlFormatEncode formatEncode = null;
    final List<SqlNode> includes = new ArrayList<SqlNode>();
    SqlParserPos pos;
}
{
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    [
        <LPAREN> { columnSpan.add(this); }
        [
            AddTableElement(name, columns, primaryKey)
            ( <COMMA> AddTableElement(name, columns, primaryKey) )*
        ]
        <RPAREN> { columnSpan.add(this); }
    ]
    ( AddIncludeColumn(includes) )*
    [ <WITH> options = OptionList() ]
    [ formatEncode = FormatEncode() ]
    {
        pos = s.end(this);
        final SqlParserPos columnPos = columnSpan.pos();
        if (table) {
            return new SqlCreateTable(pos, replace, ifNotExists, name,
                new SqlNodeList(columns, columnPos), new SqlNodeList(primaryKey, columnPos),
                options, formatEncode, new SqlNodeList(includes, columnPos));
        }
        return new SqlCreateSource(pos, replace, ifNotExists, name,
            new SqlNodeList(columns, columnPos), new SqlNodeList(primaryKey, columnPos),
            options, formatEncode, new SqlNodeList(includes, columnPos));
    }
}

/** A column, or a table constraint "[CONSTRAINT name] PRIMARY KEY (a, b)". */
void AddTableElement(SqlIdentifier table, List<SqlNode> columns, List<SqlNode> primaryKey) :
{
    final SqlNodeList keyColumns;
    Span s = null;
    final SqlColumnDeclaration column;
}
{
    (
        [ <CONSTRAINT> { s = span(); } SimpleIdentifier() ]
        <PRIMARY> { if (s == null) { s = span(); } } <KEY>
        keyColumns = ParenthesizedSimpleIdentifierList() {
            ParserSupport.addPrimaryKeyConstraint(table, columns, primaryKey, keyColumns, s.end(this));
        }
    |
        column = ColumnDeclaration() {
            ParserSupport.addColumn(table, columns, primaryKey, column);
        }
    )
}

/** "name type [NOT NULL | NULL] [PRIMARY KEY] [DEFAULT expression]", constraints in any order. */
SqlColumnDeclaration ColumnDeclaration() :
{
    final SqlIdentifier name;
    SqlDataTypeSpec type;
    boolean notNull = false;
    boolean primaryKey = false;
    SqlNode defaultValue = null;
    final Span s;
}
{
    name = SimpleIdentifier() { s = span(); }
    type = ColumnType()
    (
        <NOT> <NULL> { notNull = true; type = type.withNullable(false); }
    |
        <NULL> { type = type.withNullable(true); }
    |
        <PRIMARY> <KEY> { primaryKey = true; }
    |
        <DEFAULT_> defaultValue = Expression(ExprContext.ACCEPT_SUB_QUERY)
    )*
    {
        return new SqlColumnDeclaration(s.end(this), name, type, notNull, primaryKey, defaultValue);
    }
}

/**
 * A column's type. Besides DataType(), allows a qualified interval type
 * (INTERVAL DAY TO SECOND); a plain "interval" reaches DataType() as
 * PG_INTERVAL_TYPE.
 */
SqlDataTypeSpec ColumnType() :
{
    SqlDataTypeSpec type;
    final SqlIntervalQualifier qualifier;
    final Span s;
}
{
    (
        <INTERVAL> { s = span(); }
        qualifier = IntervalQualifier() {
            type = new SqlDataTypeSpec(new SqlIntervalTypeNameSpec(qualifier, s.end(this)), s.end(this));
        }
    |
        type = DataType()
        type = PostgresArraySuffix(type)
    )
    {
        return type;
    }
}

/** Postgres' array type suffix "type[]" (one or more "[]", as Calcite's "type ARRAY"). */
SqlDataTypeSpec PostgresArraySuffix(SqlDataTypeSpec element) :
{
    SqlDataTypeSpec type = element;
}
{
    (
        LOOKAHEAD(2) <LBRACKET> <RBRACKET> {
            type = ParserSupport.arrayOf(type, getPos());
        }
    )*
    {
        return type;
    }
}

/** "( key = value [, ...] )", possibly empty. */
SqlNodeList OptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    [
        AddOption(list)
        ( <COMMA> AddOption(list) )*
    ]
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** "key = value"; see SqlOption for what keys and values may be. */
void AddOption(List<SqlNode> list) :
{
    final SqlIdentifier key;
    final SqlNode text;
    final Span s;
    final Token number;
    String sign = "";
    final SqlOption option;
}
{
    key = OptionKey() { s = Span.of(key); }
    <EQ>
    (
        text = StringLiteral() {
            option = ParserSupport.stringOption(key, text, s.end(this));
        }
    |
        [ <PLUS> | <MINUS> { sign = "-"; } ]
        (
            number = <UNSIGNED_INTEGER_LITERAL>
        |
            number = <DECIMAL_NUMERIC_LITERAL>
        |
            number = <APPROX_NUMERIC_LITERAL>
        )
        {
            option = ParserSupport.numericOption(key, sign, number, getPos(), s.end(this));
        }
    |
        <TRUE> { option = ParserSupport.booleanOption(key, true, getPos(), s.end(this)); }
    |
        <FALSE> { option = ParserSupport.booleanOption(key, false, getPos(), s.end(this)); }
    )
    {
        ParserSupport.addOption(list, option);
    }
}

/**
 * An option key: a single-quoted string taken as written, or a dotted path
 * of words, each an identifier or any keyword.
 */
SqlIdentifier OptionKey() :
{
    final List<String> names = new ArrayList<String>();
    final List<SqlParserPos> positions = new ArrayList<SqlParserPos>();
    final String text;
}
{
    (
        text = SimpleStringLiteral() {
            names.add(text);
            positions.add(getPos());
        }
    |
        AddOptionKeyWord(names, positions)
        ( <DOT> AddOptionKeyWord(names, positions) )*
    )
    {
        return new SqlIdentifier(names, null, SqlParserPos.sum(positions), positions);
    }
}

void AddOptionKeyWord(List<String> names, List<SqlParserPos> positions) :
{
    final SqlIdentifier id;
}
{
    (
        id = SimpleIdentifier() {
            names.add(id.getSimple());
            positions.add(id.getParserPosition());
        }
    |
        LOOKAHEAD({ ParserSupport.isWord(getToken(1)) })
        {
            names.add(ParserSupport.word(getNextToken(), unquotedCasing));
            positions.add(getPos());
        }
    )
}

/** "INCLUDE what ['header name'] [AS column]". */
void AddIncludeColumn(List<SqlNode> includes) :
{
    final Span s;
    final String what;
    String header = null;
    SqlIdentifier alias = null;
}
{
    <INCLUDE> { s = span(); }
    what = UpperCaseWord()
    [ <QUOTED_STRING> { header = SqlParserUtil.parseString(token.image); } ]
    [ <AS> alias = SimpleIdentifier() ]
    {
        includes.add(new SqlIncludeColumn(s.end(this), what, header, alias));
    }
}

/** "FORMAT format ENCODE encoding [ ( options ) ]". */
SqlFormatEncode FormatEncode() :
{
    final Span s;
    final String format;
    final String encode;
    SqlNodeList options = SqlNodeList.EMPTY;
}
{
    <FORMAT> { s = span(); }
    format = UpperCaseWord()
    <ENCODE>
    encode = UpperCaseWord()
    [ options = OptionList() ]
    {
        return new SqlFormatEncode(s.end(this), format, encode, options);
    }
}

/** An identifier or any keyword, in upper case. */
String UpperCaseWord() :
{
    final SqlIdentifier id;
}
{
    id = SimpleIdentifier() {
        return id.getSimple().toUpperCase(Locale.ROOT);
    }
|
    LOOKAHEAD({ ParserSupport.isWord(getToken(1)) })
    {
        return getNextToken().image.toUpperCase(Locale.ROOT);
    }
}

SqlCreate CreateMaterializedViewBody(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columnList = null;
    final Token first;
    final SqlNode query;
}
{
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    [ columnList = ParenthesizedSimpleIdentifierList() ]
    <AS>
    { first = getToken(1); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateMaterializedView(s.end(this), replace, ifNotExists, name, columnList, query,
            ParserSupport.sourceText(originalSql, first, token));
    }
}

SqlDrop FreshetDrop(Span s, boolean replace) :
{
    final SqlDropObject.ObjectKind kind;
    final boolean ifExists;
    final List<SqlNode> names = new ArrayList<SqlNode>();
    SqlIdentifier name;
    SqlDropObject.Behavior behavior = SqlDropObject.Behavior.UNSPECIFIED;
}
{
    (
        <TABLE> { kind = SqlDropObject.ObjectKind.TABLE; }
    |
        <MATERIALIZED> <VIEW> { kind = SqlDropObject.ObjectKind.MATERIALIZED_VIEW; }
    |
        <SOURCE> { kind = SqlDropObject.ObjectKind.SOURCE; }
    |
        <VIEW> { kind = SqlDropObject.ObjectKind.VIEW; }
    |
        <SINK> { kind = SqlDropObject.ObjectKind.SINK; }
    )
    ifExists = IfExistsOpt()
    name = CompoundIdentifier() { names.add(name); }
    ( <COMMA> name = CompoundIdentifier() { names.add(name); } )*
    [
        <CASCADE> { behavior = SqlDropObject.Behavior.CASCADE; }
    |
        <RESTRICT> { behavior = SqlDropObject.Behavior.RESTRICT; }
    ]
    {
        return new SqlDropObject(s.end(this), kind, ifExists, new SqlNodeList(names, Span.of(names).pos()),
            behavior);
    }
}

/* ---------------------------------------------------------------------
 * SHOW, FLUSH, EXPLAIN
 * ------------------------------------------------------------------- */

SqlNode FreshetShow() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <SHOW> { s = span(); }
    (
        LOOKAHEAD(1) <TABLES> {
            return new SqlShow(s.end(this), SqlShow.Kind.TABLES, null);
        }
    |
        LOOKAHEAD(1) <SOURCES> {
            return new SqlShow(s.end(this), SqlShow.Kind.SOURCES, null);
        }
    |
        LOOKAHEAD(1) <VIEWS> {
            return new SqlShow(s.end(this), SqlShow.Kind.VIEWS, null);
        }
    |
        LOOKAHEAD(1) <SINKS> {
            return new SqlShow(s.end(this), SqlShow.Kind.SINKS, null);
        }
    |
        LOOKAHEAD(2) <MATERIALIZED> <VIEWS> {
            return new SqlShow(s.end(this), SqlShow.Kind.MATERIALIZED_VIEWS, null);
        }
    |
        <ALL> {
            return new SqlShow(s.end(this), SqlShow.Kind.ALL, null);
        }
    |
        LOOKAHEAD(3) <TRANSACTION> <ISOLATION> <LEVEL> {
            return new SqlShow(s.end(this), SqlShow.Kind.VARIABLE,
                new SqlIdentifier("transaction_isolation", s.end(this)));
        }
    |
        <TIME> <ZONE> {
            return new SqlShow(s.end(this), SqlShow.Kind.VARIABLE, new SqlIdentifier("timezone", s.end(this)));
        }
    |
        name = CompoundIdentifier() {
            return new SqlShow(s.end(this), SqlShow.Kind.VARIABLE, name);
        }
    )
}

SqlNode FreshetFlush() :
{
}
{
    <FLUSH> {
        return new SqlFlush(getPos());
    }
}

/**
 * Postgres' "EXPLAIN statement", where the statement is a query, DML, or a
 * CREATE; and Calcite's "EXPLAIN PLAN ... FOR ...", kept as Calcite parses it.
 */
SqlNode FreshetExplain() :
{
    final Span s;
    final SqlNode stmt;
    SqlExplainLevel detailLevel = SqlExplainLevel.EXPPLAN_ATTRIBUTES;
    final SqlExplain.Depth depth;
    final SqlExplainFormat format;
}
{
    <EXPLAIN> { s = span(); }
    (
        LOOKAHEAD(1)
        <PLAN>
        [ detailLevel = ExplainDetailLevel() ]
        depth = ExplainDepth()
        (
            LOOKAHEAD(2)
            <AS> <XML> { format = SqlExplainFormat.XML; }
        |
            LOOKAHEAD(2)
            <AS> <JSON> { format = SqlExplainFormat.JSON; }
        |
            <AS> <DOT_FORMAT> { format = SqlExplainFormat.DOT; }
        |
            { format = SqlExplainFormat.TEXT; }
        )
        <FOR> stmt = SqlQueryOrDml() {
            return new SqlExplain(s.end(this), stmt,
                detailLevel.symbol(SqlParserPos.ZERO),
                depth.symbol(SqlParserPos.ZERO),
                format.symbol(SqlParserPos.ZERO),
                nDynamicParams);
        }
    |
        (
            stmt = SqlCreate()
        |
            stmt = SqlQueryOrDml()
        )
        {
            return new io.freshet.parser.SqlExplain(s.end(this), stmt);
        }
    )
}

/* ---------------------------------------------------------------------
 * SET, RESET and transactions
 * ------------------------------------------------------------------- */

SqlNode FreshetSet() :
{
    final Span s;
    SqlSetVariable.Scope scope = SqlSetVariable.Scope.UNSPECIFIED;
    SqlIdentifier name;
    final List<SqlNode> values = new ArrayList<SqlNode>();
    final TransactionCharacteristics.Builder modes = TransactionCharacteristics.builder();
}
{
    <SET> { s = span(); }
    (
        LOOKAHEAD(2)
        <SESSION> <CHARACTERISTICS> <AS> <TRANSACTION>
        TransactionModeList(modes) {
            return SqlSetVariable.setSessionCharacteristics(s.end(this), modes.build());
        }
    |
        LOOKAHEAD(2)
        <TRANSACTION>
        TransactionModeList(modes) {
            return SqlSetVariable.setTransaction(s.end(this), modes.build());
        }
    |
        [
            LOOKAHEAD({ (getToken(1).kind == SESSION || getToken(1).kind == LOCAL)
                && getToken(2).kind != EQ && getToken(2).kind != TO })
            (
                <SESSION> { scope = SqlSetVariable.Scope.SESSION; }
            |
                <LOCAL> { scope = SqlSetVariable.Scope.LOCAL; }
            )
        ]
        (
            <TIME> <ZONE> { name = new SqlIdentifier("timezone", s.end(this)); }
            (
                <LOCAL> { values.add(SqlStdOperatorTable.DEFAULT.createCall(getPos())); }
            |
                AddSetValue(values)
            )
        |
            name = CompoundIdentifier()
            ( <EQ> | <TO> )
            AddSetValue(values)
            ( <COMMA> AddSetValue(values) )*
        )
        {
            return SqlSetVariable.set(s.end(this), scope, name, values);
        }
    )
|
    <RESET> { s = span(); }
    (
        <ALL> {
            return SqlSetVariable.reset(s.end(this), null);
        }
    |
        <TIME> <ZONE> {
            return SqlSetVariable.reset(s.end(this), new SqlIdentifier("timezone", s.end(this)));
        }
    |
        name = CompoundIdentifier() {
            return SqlSetVariable.reset(s.end(this), name);
        }
    )
}

/** A SET value: DEFAULT, ON, a literal, an identifier, or any other word. */
void AddSetValue(List<SqlNode> values) :
{
    final SqlNode e;
}
{
    (
        <DEFAULT_> { e = SqlStdOperatorTable.DEFAULT.createCall(getPos()); }
    |
        <ON> { e = new SqlIdentifier("on", getPos()); }
    |
        e = Literal()
    |
        e = SimpleIdentifier()
    |
        LOOKAHEAD({ ParserSupport.isWord(getToken(1)) })
        {
            final String word = ParserSupport.word(getNextToken(), unquotedCasing);
            e = new SqlIdentifier(word, getPos());
        }
    )
    {
        values.add(e);
    }
}

SqlNode FreshetTransaction() :
{
    final Span s;
    final TransactionCharacteristics.Builder modes = TransactionCharacteristics.builder();
}
{
    (
        <BEGIN> { s = span(); } [ <WORK> | <TRANSACTION> ]
    |
        <START> { s = span(); } <TRANSACTION>
    )
    [ TransactionModeList(modes) ]
    {
        return new SqlTransaction(s.end(this), SqlTransaction.Kind.BEGIN, modes.build());
    }
|
    ( <COMMIT> | <END> ) { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    {
        return new SqlTransaction(s.end(this), SqlTransaction.Kind.COMMIT, TransactionCharacteristics.NONE);
    }
|
    ( <ROLLBACK> | <ABORT> ) { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    {
        return new SqlTransaction(s.end(this), SqlTransaction.Kind.ROLLBACK, TransactionCharacteristics.NONE);
    }
}

/** Transaction modes, separated by commas or by nothing, as Postgres allows. */
void TransactionModeList(TransactionCharacteristics.Builder modes) :
{
}
{
    TransactionMode(modes)
    ( [ <COMMA> ] TransactionMode(modes) )*
}

void TransactionMode(TransactionCharacteristics.Builder modes) :
{
}
{
    <ISOLATION> <LEVEL>
    (
        <SERIALIZABLE> {
            modes.isolationLevel(TransactionCharacteristics.IsolationLevel.SERIALIZABLE);
        }
    |
        <REPEATABLE> <READ> {
            modes.isolationLevel(TransactionCharacteristics.IsolationLevel.REPEATABLE_READ);
        }
    |
        LOOKAHEAD(2)
        <READ> <COMMITTED> {
            modes.isolationLevel(TransactionCharacteristics.IsolationLevel.READ_COMMITTED);
        }
    |
        <READ> <UNCOMMITTED> {
            modes.isolationLevel(TransactionCharacteristics.IsolationLevel.READ_UNCOMMITTED);
        }
    )
|
    LOOKAHEAD(2)
    <READ> <ONLY> {
        modes.accessMode(TransactionCharacteristics.AccessMode.READ_ONLY);
    }
|
    <READ> <WRITE> {
        modes.accessMode(TransactionCharacteristics.AccessMode.READ_WRITE);
    }
|
    <NOT> <DEFERRABLE> {
        modes.deferrable(false);
    }
|
    <DEFERRABLE> {
        modes.deferrable(true);
    }
}

/* ---------------------------------------------------------------------
 * Postgres types, casts and interval literals
 * ------------------------------------------------------------------- */

/**
 * Type names that differ from Calcite's: Postgres aliases (int4, int8,
 * float8, text, bool, bytea, timestamptz, ...), FLOAT as DOUBLE, TIMESTAMP
 * WITH TIME ZONE as TIMESTAMP WITH LOCAL TIME ZONE, and a plain "interval".
 * Tried before Calcite's own type names.
 */
SqlTypeNameSpec FreshetTypeName() :
{
    final Span s;
    int precision = -1;
    final SqlTypeName typeName;
    final String alias;
}
{
    (
        <FLOAT> { s = span(); }
        [ <LPAREN> precision = UnsignedIntLiteral() <RPAREN> ]
        {
            return ParserSupport.floatType(precision, s.end(this));
        }
    |
        <TIMESTAMP> { s = span(); }
        precision = PrecisionOpt()
        typeName = TimestampTimeZoneOpt()
        {
            return new SqlBasicTypeNameSpec(typeName, precision, s.end(this));
        }
    |
        <PG_INTERVAL_TYPE> {
            return new SqlIntervalTypeNameSpec(null, getPos());
        }
    |
        LOOKAHEAD({ ParserSupport.isPostgresTypeAlias(getToken(1)) })
        <IDENTIFIER> { s = span(); alias = token.image; }
        precision = PrecisionOpt()
        {
            return ParserSupport.postgresTypeAlias(alias, precision, s.end(this));
        }
    )
}

SqlTypeName TimestampTimeZoneOpt() :
{
}
{
    LOOKAHEAD(3)
    <WITHOUT> <TIME> <ZONE> { return SqlTypeName.TIMESTAMP; }
|
    LOOKAHEAD(2)
    <WITH> [ <LOCAL> ] <TIME> <ZONE> { return SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE; }
|
    { return SqlTypeName.TIMESTAMP; }
}

/** Postgres' "expr::type", as CAST(expr AS type); see ParserSupport.applyInfixCast. */
void FreshetInfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final Span castSpan;
    SqlDataTypeSpec type;
    SqlIntervalQualifier qualifier = null;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
        castSpan = span();
    }
    (
        <INTERVAL>
        // A qualifier binds to the cast: "x::interval days" is not an alias.
        [ LOOKAHEAD(1) qualifier = IntervalQualifier() ]
        {
            ParserSupport.applyInfixCast(list,
                ParserSupport.intervalCastTarget(qualifier, castSpan.end(this)), castSpan.end(this));
        }
    |
        type = DataType()
        type = PostgresArraySuffix(type) {
            ParserSupport.applyInfixCast(list, type, castSpan.end(this));
        }
    )
}

/** Postgres' "INTERVAL '2 days 3 hours'", as CAST('2 days 3 hours' AS INTERVAL). */
SqlNode PostgresIntervalLiteral() :
{
    final Span s;
    final SqlNode text;
}
{
    <PG_INTERVAL_LITERAL> { s = span(); }
    text = StringLiteral() {
        return ParserSupport.postgresIntervalLiteral(text, s.end(this));
    }
}

/**
 * Postgres' jsonb operators ->, ->>, #> and #>>. "->" arrives as JSON_GET:
 * PostgresTokenManager relabels Calcite's lambda arrow (Postgres has no lambdas).
 */
void FreshetJsonOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlBinaryOperator op;
}
{
    (
        <JSON_GET> { op = JsonOperators.GET; }
    |   <JSON_GET_TEXT> { op = JsonOperators.GET_TEXT; }
    |   <JSON_PATH> { op = JsonOperators.PATH; }
    |   <JSON_PATH_TEXT> { op = JsonOperators.PATH_TEXT; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}
