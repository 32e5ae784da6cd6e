//! The one way the store speaks to its database, SQLite or PostgreSQL: the store's rules are
//! written once, over [`Db`], and the differences between the two dialects live here.
//!
//! The surface is rusqlite's, kept small (`execute`, `query_row`, `prepare_cached` and a
//! statement's `query`, `query_map`, `execute`, `params!`, `.optional()`), so the store reads as
//! it did. What differs, and how:
//!
//! - **Placeholders.** The store writes `?1`, `?2`; PostgreSQL is sent `$1`, `$2`
//!   ([`dollar_placeholders`]), once per statement text (its prepared statements are cached
//!   per connection).
//! - **Values.** Both sides see one small set ([`Value`]): integers (`BIGINT` columns on
//!   PostgreSQL; a flag is 0 or 1 on both), text (`TEXT COLLATE "C"` there, so it sorts and
//!   compares byte by byte as SQLite's does), amounts as [`Decimal`] (`NUMERIC` there, decimal
//!   text in SQLite, never a float) and NULL. A row is read into them whatever the column's type.
//! - **Transactions.** [`Db::transaction`] is a write transaction on both: SQLite's
//!   `BEGIN IMMEDIATE` (the write lock from the first statement), and on PostgreSQL a
//!   transaction that first takes one advisory lock held until it ends ([`WRITE_LOCK`]), so that
//!   writers follow each other as on SQLite, whichever process runs them: two pushes never
//!   decide against the same state, and the record counters hand out each number once, in the
//!   order the writes commit (a pull never skips a change committed later with a smaller
//!   number). Reads take no lock. Transactions do not nest (a second `BEGIN` is an error).
//!
//! - **Change notices.** A PostgreSQL write transaction that advanced the hub's change number
//!   ([`Db::changed_head`]) sends it on channel [`CHANGES_CHANNEL`] (`pg_notify`, delivered by
//!   PostgreSQL when, and only if, the transaction commits). Every hub process listens on a
//!   connection of its own ([`listen_for_changes`]), so a device connected to one process hears
//!   of a change made through another. SQLite has one hub process: nothing to send.
//!
//! A store holds one connection; the hub lends a few stores on PostgreSQL, and replaces one
//! whose connection dropped (`crate::store_pool`). Not yet here: locks finer than one writer.
//!
//! Statements that exist in one dialect only (SQLite's `PRAGMA`s and its schema history,
//! PostgreSQL's own migrations) stay in the modules of that store.

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

/// The advisory lock every PostgreSQL write transaction holds (a constant of this program:
/// "procura" in ASCII).
pub(crate) const WRITE_LOCK: i64 = 0x70_72_6f_63_75_72_61;

/// The channel the hub's change number is sent on when a transaction that advanced it commits
/// ([`Db::changed_head`]); its payload the number, as text.
pub const CHANGES_CHANNEL: &str = "procura_changes";

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    /// `query_row` found no row ([`OptionalExtension::optional`] makes it `None`).
    #[error("the query returned no rows")]
    NoRow,
    /// A column held a value of another kind than the code reads.
    #[error("column {column}: {message}")]
    Conversion { column: usize, message: String },
}

pub(crate) type Result<T, E = DbError> = std::result::Result<T, E>;

/// A value crossing to or from either database.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Decimal(Decimal),
    Blob(Vec<u8>),
}

/// The store's connection: an embedded SQLite file, or a PostgreSQL client.
pub(crate) enum Backend {
    Sqlite(rusqlite::Connection),
    /// Boxed: the client is three times a SQLite connection's size.
    Postgres(Box<PgConn>),
}

impl Backend {
    pub(crate) fn db(&self) -> Db<'_> {
        match self {
            Backend::Sqlite(c) => Db::Sqlite(c),
            Backend::Postgres(c) => Db::Postgres(c),
        }
    }
}

/// A PostgreSQL client and the statements prepared on it, by their text.
pub(crate) struct PgConn {
    client: RefCell<Option<postgres::Client>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// The change number the open transaction advanced the hub to, sent when it commits.
    changed_head: Cell<Option<i64>>,
}

impl PgConn {
    pub(crate) fn connect(config: &postgres::Config) -> Result<Self> {
        let client = config.connect(postgres::NoTls)?;
        Ok(Self {
            client: RefCell::new(Some(client)),
            statements: RefCell::default(),
            changed_head: Cell::new(None),
        })
    }

    /// Whether the connection is gone (the server closed it, or the network did).
    pub(crate) fn is_closed(&self) -> bool {
        self.client
            .borrow()
            .as_ref()
            .is_none_or(postgres::Client::is_closed)
    }

    fn with<T>(&self, f: impl FnOnce(&mut postgres::Client) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        f(client.as_mut().expect("a client until dropped"))
    }

    /// The prepared statement of `sql` (written with `?N`), prepared once per connection.
    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.with(|c| Ok(c.prepare(&dollar_placeholders(sql))?))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), prepared.clone());
        Ok(prepared)
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.with(|c| Ok(c.query(&statement, &refs)?))?;
        rows.iter().map(Row::from_pg).collect()
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let n = self.with(|c| Ok(c.execute(&statement, &refs)?))?;
        Ok(n as usize)
    }
}

impl Drop for PgConn {
    /// The blocking client runs a small runtime of its own, which must not be dropped on an
    /// async worker thread (a test's or the server's, when the store goes with its state): it
    /// is closed on a thread of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.get_mut().take() {
            self.statements.get_mut().clear();
            let _ = std::thread::Builder::new()
                .name("postgres-close".into())
                .spawn(move || drop(client));
        }
    }
}

/// The listener's connection's `application_name`, so an operator tells it in
/// `pg_stat_activity` from the store's.
pub const LISTENER_NAME: &str = "procura-hub-listener";

/// How long the listener waits for a notice before it reads the change number itself (which
/// also finds a connection that died without closing).
const LISTEN_IDLE: Duration = Duration::from_secs(20);
/// The longest wait between two attempts to reconnect the listener.
const LISTEN_RETRY_MAX: Duration = Duration::from_secs(30);

/// Listens, on a thread and a connection of its own, for the change numbers other hub
/// processes on the same database send ([`CHANGES_CHANNEL`]), and hands each to `on_head`;
/// also the current number on every (re)connection and after [`LISTEN_IDLE`] without a notice,
/// so a notice lost while the connection was down is made up for. A dropped connection is
/// reconnected, waiting 1 s, then twice as long each time up to [`LISTEN_RETRY_MAX`]. Runs
/// for as long as the process.
pub fn listen_for_changes(
    mut config: postgres::Config,
    on_head: impl Fn(i64) + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    config.application_name(LISTENER_NAME);
    std::thread::Builder::new()
        .name("postgres-listen".into())
        .spawn(move || {
            let mut retry = Duration::from_secs(1);
            loop {
                match listen(&config, &on_head, &mut retry) {
                    Ok(()) => {}
                    Err(e) => tracing::warn!(
                        "change notices from other hub processes: {e}; reconnecting in {} s",
                        retry.as_secs()
                    ),
                }
                std::thread::sleep(retry);
                retry = (retry * 2).min(LISTEN_RETRY_MAX);
            }
        })
}

/// One connection's life of [`listen_for_changes`]; `retry` goes back to 1 s once connected.
fn listen(config: &postgres::Config, on_head: &impl Fn(i64), retry: &mut Duration) -> Result<()> {
    let mut client = config.connect(postgres::NoTls)?;
    client.batch_execute(&format!("LISTEN {CHANGES_CHANNEL}"))?;
    *retry = Duration::from_secs(1);
    let head = |client: &mut postgres::Client| -> Result<i64> {
        let row = client.query_opt("SELECT value FROM meta WHERE key = 'sync_seq'", &[])?;
        Ok(row
            .and_then(|r| r.get::<_, String>(0).parse().ok())
            .unwrap_or(0))
    };
    // After LISTEN: a change committed from here on is either in this number or a notice.
    on_head(head(&mut client)?);
    loop {
        let newest = {
            let mut notices = client.notifications();
            let first = notices.timeout_iter(LISTEN_IDLE).next()?;
            match first {
                // Those that came with it, without waiting: one number for them all.
                Some(first) => {
                    let mut newest = first.payload().parse::<i64>().ok();
                    let mut more = notices.iter();
                    while let Some(notice) = more.next()? {
                        newest = newest.max(notice.payload().parse().ok());
                    }
                    newest
                }
                None => None,
            }
        };
        match newest {
            Some(n) => on_head(n),
            // A quiet while or a notice without a number: read it (and see the link is alive).
            None => on_head(head(&mut client)?),
        }
    }
}

/// `?N` placeholders as PostgreSQL's `$N`, outside quoted text.
pub(crate) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

/// Either database, borrowed: what every function of the store is given.
#[derive(Clone, Copy)]
pub(crate) enum Db<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a PgConn),
}

impl<'a> Db<'a> {
    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// The open transaction advanced the hub's change number to `head`: on PostgreSQL, the
    /// other hub processes are told when it commits ([`CHANGES_CHANNEL`]). The process that
    /// wrote tells its own devices itself (`AppState::with_store`).
    pub(crate) fn changed_head(&self, head: i64) {
        if let Db::Postgres(c) = self {
            let known = c.changed_head.get().unwrap_or(0);
            c.changed_head.set(Some(known.max(head)));
        }
    }

    /// Runs statements without parameters, separated by `;`.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(c) => c.with(|c| Ok(c.batch_execute(sql)?)),
        }
    }

    /// Runs one statement; how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        self.run(sql, &params.values())
    }

    fn run(&self, sql: &str, params: &[Value]) -> Result<usize> {
        match self {
            Db::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params))?)
            }
            Db::Postgres(c) => c.execute(sql, params),
        }
    }

    fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        match self {
            Db::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let width = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(Row::from_sqlite(row, width)?);
                }
                Ok(out)
            }
            Db::Postgres(c) => c.query(sql, params),
        }
    }

    /// The first row's `f`; [`DbError::NoRow`] when there is none.
    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        let rows = self.rows(sql, &params.values())?;
        rows.first().map_or(Err(DbError::NoRow), f)
    }

    /// A statement to run (statements are cached by both: the name says so, as rusqlite's).
    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Statement<'a>> {
        Ok(Statement {
            db: *self,
            sql: sql.to_owned(),
        })
    }

    pub(crate) fn prepare(&self, sql: &str) -> Result<Statement<'a>> {
        self.prepare_cached(sql)
    }

    /// A write transaction (see the module's text); rolled back when dropped uncommitted.
    pub(crate) fn transaction(&self) -> Result<Tx<'a>> {
        match self {
            Db::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Db::Postgres(c) => c.with(|c| {
                c.batch_execute("BEGIN")?;
                c.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
                Ok(())
            })?,
        }
        Ok(Tx {
            db: *self,
            open: true,
        })
    }
}

/// A statement of [`Db::prepare_cached`].
pub(crate) struct Statement<'a> {
    db: Db<'a>,
    sql: String,
}

impl Statement<'_> {
    pub(crate) fn execute(&mut self, params: impl Params) -> Result<usize> {
        self.db.run(&self.sql, &params.values())
    }

    pub(crate) fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.db.query_row(&self.sql, params, f)
    }

    pub(crate) fn query(&mut self, params: impl Params) -> Result<Rows> {
        Ok(Rows {
            rows: self.db.rows(&self.sql, &params.values())?.into_iter(),
            current: None,
        })
    }

    pub(crate) fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.db.rows(&self.sql, &params.values())?;
        Ok(rows.iter().map(f).collect::<Vec<_>>().into_iter())
    }
}

/// The rows of a query, read in full (the store's queries are bounded by their `LIMIT` or key).
pub(crate) struct Rows {
    rows: std::vec::IntoIter<Row>,
    current: Option<Row>,
}

impl Rows {
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Result<Option<&Row>> {
        self.current = self.rows.next();
        Ok(self.current.as_ref())
    }
}

/// A write transaction of [`Db::transaction`]: the [`Db`] it runs on, by `Deref`.
pub(crate) struct Tx<'a> {
    db: Db<'a>,
    open: bool,
}

impl Tx<'_> {
    pub(crate) fn commit(mut self) -> Result<()> {
        if let Db::Postgres(c) = self.db {
            // Queued by PostgreSQL and sent only if the COMMIT below succeeds.
            if let Some(head) = c.changed_head.take() {
                c.with(|c| {
                    c.execute(
                        "SELECT pg_notify($1, $2)",
                        &[&CHANGES_CHANNEL, &head.to_string()],
                    )?;
                    Ok(())
                })?;
            }
        }
        // From here the transaction ends whatever COMMIT answers; before, a failure above
        // leaves it to `drop`'s rollback.
        self.open = false;
        self.db.execute_batch("COMMIT")
    }
}

impl<'a> std::ops::Deref for Tx<'a> {
    type Target = Db<'a>;
    fn deref(&self) -> &Db<'a> {
        &self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            if let Db::Postgres(c) = self.db {
                c.changed_head.set(None);
            }
            // Nothing to do if it fails: the connection is broken, and the transaction with it.
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}

/// One row, its values in column order.
pub struct Row(Vec<Value>);

impl Row {
    fn from_sqlite(row: &rusqlite::Row<'_>, width: usize) -> Result<Self> {
        use rusqlite::types::ValueRef;
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                // The store writes no floats; one read back is a decimal's text.
                ValueRef::Real(f) => Value::Text(f.to_string()),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            });
        }
        Ok(Row(values))
    }

    fn from_pg(row: &postgres::Row) -> Result<Self> {
        let mut values = Vec::with_capacity(row.len());
        for (i, column) in row.columns().iter().enumerate() {
            let ty = column.type_();
            let value = if *ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
            } else if *ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)?
                    .map(|n| Value::Int(n.into()))
            } else if *ty == Type::INT2 {
                row.try_get::<_, Option<i16>>(i)?
                    .map(|n| Value::Int(n.into()))
            } else if *ty == Type::BOOL {
                row.try_get::<_, Option<bool>>(i)?
                    .map(|b| Value::Int(b.into()))
            } else if *ty == Type::NUMERIC {
                row.try_get::<_, Option<Decimal>>(i)?.map(Value::Decimal)
            } else if *ty == Type::BYTEA {
                row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)
            } else {
                row.try_get::<_, Option<String>>(i)?.map(Value::Text)
            };
            values.push(value.unwrap_or(Value::Null));
        }
        Ok(Row(values))
    }

    pub(crate) fn get<I: RowIndex, T: FromValue>(&self, index: I) -> Result<T> {
        let column = index.index();
        let value = self.0.get(column).ok_or_else(|| DbError::Conversion {
            column,
            message: format!("no such column (the row has {})", self.0.len()),
        })?;
        T::from_value(value).map_err(|message| DbError::Conversion { column, message })
    }
}

/// A column's position ([`Row::get`]).
pub(crate) trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// A Rust value read from a column.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> std::result::Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Int(n) => Ok(*n),
            other => Err(format!("{other:?} is not an integer")),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> std::result::Result<Self, String> {
                let n = i64::from_value(value)?;
                <$t>::try_from(n).map_err(|_| format!("{n} is out of range"))
            }
        }
    )*};
}
from_int!(i32, u32, u64, usize);

impl FromValue for bool {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        Ok(i64::from_value(value)? != 0)
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(t) => Ok(t.clone()),
            Value::Decimal(d) => Ok(d.to_string()),
            other => Err(format!("{other:?} is not text")),
        }
    }
}

impl FromValue for Decimal {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Decimal(d) => Ok(*d),
            Value::Text(t) => t.parse().map_err(|_| format!("{t:?} is not an amount")),
            Value::Int(n) => Ok(Decimal::from(*n)),
            other => Err(format!("{other:?} is not an amount")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A Rust value written as a parameter.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for Decimal {
    fn to_value(&self) -> Value {
        Value::Decimal(*self)
    }
}

macro_rules! to_int {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
// u32, usize, u64: the store's counts and ids, checked to fit an i64 where they come from a device.
to_int!(i64, i32, u32, usize, u64);

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// The parameters of a statement: `params![a, b]`, an array `[a, b]` of one type, or none.
pub(crate) trait Params {
    fn values(self) -> Vec<Value>;
}

impl Params for &[&dyn ToValue] {
    fn values(self) -> Vec<Value> {
        self.iter().map(|v| v.to_value()).collect()
    }
}

impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl Params for () {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}

/// Parameters of different types, as rusqlite's macro of the same name.
macro_rules! params {
    () => { () };
    ($($value:expr),+ $(,)?) => {
        &[$(&$value as &dyn $crate::store::db::ToValue),+] as &[&dyn $crate::store::db::ToValue]
    };
}
pub(crate) use params;

/// `Ok(None)` for a query that found no row, as rusqlite's trait of the same name.
pub(crate) trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRow) => Ok(None),
            Err(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            // Decimal text, byte for byte what the store always wrote.
            Value::Decimal(d) => ToSqlOutput::Owned(rusqlite::types::Value::Text(d.to_string())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// A value is written as the type PostgreSQL asks for the parameter: an integer as any
/// integer type, text as text, an amount as `NUMERIC` (or its text), NULL as anything.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => {
                if *ty == Type::INT8 {
                    n.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*n != 0).to_sql(ty, out)
                } else if *ty == Type::NUMERIC {
                    Decimal::from(*n).to_sql(ty, out)
                } else {
                    n.to_string().to_sql(ty, out)
                }
            }
            Value::Text(t) => {
                if *ty == Type::NUMERIC {
                    t.parse::<Decimal>()?.to_sql(ty, out)
                } else {
                    t.to_sql(ty, out)
                }
            }
            Value::Decimal(d) => {
                if *ty == Type::NUMERIC {
                    d.to_sql(ty, out)
                } else {
                    d.to_string().to_sql(ty, out)
                }
            }
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`: a mismatch is an error there, not a panic.
        true
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
    }
}
