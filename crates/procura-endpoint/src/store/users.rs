//! Users, sessions and supplier document keys.
//!
//! Passwords are stored as Argon2 hashes, session tokens and supplier keys as BLAKE2 hashes:
//! a copied database holds nothing that logs in. A user carries three flags besides the hash:
//! `disabled` (cannot log in, has no session), `must_change_password` (an admin or the command
//! line set a password the user has not chosen) and `demo_password` (still the demo's
//! well-known password, which the endpoint refuses to serve without `--demo`).

use super::db::{params, Db, DbError, OptionalExtension, Row};
use super::{meta, Store, StoreError};
use crate::auth::{token_hash, SessionPolicy};
use procura_sync::api::{Role, User};

/// A session's last-seen time is written at most this often (seconds): the idle timeout needs
/// no precision finer than that, and a write per request would serialise every request.
pub const LAST_SEEN_RESOLUTION_SECS: i64 = 60;

/// Longest user name; names are also what people type at the login screen.
pub const MAX_USERNAME_LEN: usize = 64;

/// A user as the command line lists them (never with the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub user: User,
    pub disabled: bool,
    /// Still the demo's well-known password.
    pub demo_password: bool,
}

/// How a supplier's system authenticates the documents it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplierKeyState {
    /// No key: the supplier cannot send documents.
    None,
    /// The demo's well-known `demo-{id}-key`.
    Demo,
    /// A key only the supplier holds.
    Private,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierKeyInfo {
    pub id: String,
    pub name: String,
    pub marketplace: Option<String>,
    pub key: SupplierKeyState,
}

/// The demo's well-known credentials a store still holds: users whose password is the demo's
/// (and who are not disabled), suppliers that still take their demo key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCredentials {
    pub users: Vec<String>,
    pub suppliers: Vec<String>,
}

impl DemoCredentials {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.suppliers.is_empty()
    }
}

/// Whether `name` may be a user name: 1 to [`MAX_USERNAME_LEN`] ASCII letters, digits and
/// `._-@`, so that it is typed the same on every keyboard and never looks like another name.
pub fn check_username(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_USERNAME_LEN
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadUsername(format!(
            "{name:?}: a user name is 1 to {MAX_USERNAME_LEN} ASCII letters, digits, '.', '_', '-' or '@'"
        )))
    }
}

fn user_from_row(r: &Row) -> super::db::Result<(User, bool, bool, String)> {
    let roles: String = r.get(3)?;
    let roles: Vec<Role> = serde_json::from_str(&roles).map_err(|e| DbError::Conversion {
        column: 3,
        message: format!("roles: {e}"),
    })?;
    Ok((
        User {
            id: r.get::<_, String>(0)?.into(),
            username: r.get(1)?,
            display_name: r.get(2)?,
            roles,
            must_change_password: r.get(4)?,
        },
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.roles, u.must_change_password, u.disabled, u.demo_password, u.password_hash";

impl Store {
    /// Whether this store holds the demo (made with `--demo`, or by a release that seeded the
    /// demo into every store).
    pub fn is_demo(&self) -> Result<bool, StoreError> {
        Ok(meta(&self.db(), "demo")?.is_some())
    }

    /// The user who may log in as `username` and their password hash; `None` for an unknown or
    /// disabled user.
    pub fn user_by_username(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        Ok(self
            .db()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = ?1"),
                [username],
                user_from_row,
            )
            .optional()?
            .filter(|(_, disabled, _, _)| !disabled)
            .map(|(user, _, _, hash)| (user, hash)))
    }

    /// `username`'s record, disabled or not.
    pub fn user_record(&self, username: &str) -> Result<UserRecord, StoreError> {
        self.db()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = ?1"),
                [username],
                user_from_row,
            )
            .optional()?
            .map(|(user, disabled, demo_password, _)| UserRecord {
                user,
                disabled,
                demo_password,
            })
            .ok_or_else(|| StoreError::NoUser(username.to_owned()))
    }

    /// The password hash of user `user_id`.
    pub fn password_hash(&self, user_id: &str) -> Result<String, StoreError> {
        self.db()
            .query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoUser(user_id.to_owned()))
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let mut stmt = self.db().prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.username"
        ))?;
        let rows = stmt.query_map((), user_from_row)?;
        rows.map(|row| {
            row.map(|(user, disabled, demo_password, _)| UserRecord {
                user,
                disabled,
                demo_password,
            })
            .map_err(StoreError::from)
        })
        .collect()
    }

    /// Adds a user with the password hash `password_hash`. Their id (what the approval
    /// policy's org chart and sync records name) is `u-{username}`, as the demo's are, unless
    /// that id is taken; users are never deleted, so an id is never reused.
    pub fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        roles: &[Role],
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<User, StoreError> {
        check_username(username)?;
        let taken: bool = self.db().query_row(
            "SELECT count(*) > 0 FROM users WHERE username = ?1",
            [username],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::UserExists(username.to_owned()));
        }
        let mut id = format!("u-{username}");
        let id_taken = |id: &str| -> super::db::Result<bool> {
            self.db()
                .query_row("SELECT count(*) > 0 FROM users WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
        };
        while id_taken(&id)? {
            id = format!("u-{username}-{}", crate::auth::random_hex(3));
        }
        let user = User {
            id: id.into(),
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            roles: roles.to_vec(),
            must_change_password,
        };
        self.db().execute(
            "INSERT INTO users (id, username, display_name, roles, password_hash, must_change_password)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                user.id.as_str(),
                user.username,
                user.display_name,
                serde_json::to_string(&user.roles)?,
                password_hash,
                must_change_password
            ],
        )?;
        Ok(user)
    }

    /// Gives user `user_id` a new password hash and ends their sessions, all but `keep` (the
    /// session that changed its own password). `must_change`: the user did not choose it.
    pub fn set_password_hash(
        &mut self,
        user_id: &str,
        password_hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> Result<usize, StoreError> {
        let tx = self.db().transaction()?;
        let changed = tx.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3, demo_password = 0
             WHERE id = ?1",
            params![user_id, password_hash, must_change],
        )?;
        if changed == 0 {
            return Err(StoreError::NoUser(user_id.to_owned()));
        }
        let ended = tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS DISTINCT FROM ?2",
            params![user_id, keep],
        )?;
        tx.commit()?;
        Ok(ended)
    }

    /// Disables (ending every session) or enables user `username`.
    pub fn set_disabled(&mut self, username: &str, disabled: bool) -> Result<(), StoreError> {
        let tx = self.db().transaction()?;
        let id: String = tx
            .query_row(
                "SELECT id FROM users WHERE username = ?1",
                [username],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoUser(username.to_owned()))?;
        tx.execute(
            "UPDATE users SET disabled = ?2 WHERE id = ?1",
            params![id, disabled],
        )?;
        if disabled {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [&id])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now_unix: i64,
    ) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)",
            params![token_hash, user_id, now_unix],
        )?;
        Ok(())
    }

    pub fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.db()
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Ends every session of user `user_id`; returns how many.
    pub fn delete_sessions_of(&self, user_id: &str) -> Result<usize, StoreError> {
        Ok(self
            .db()
            .execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
    }

    /// The user a session token belongs to, if the session is alive under `policy` at
    /// `now_unix` and its user is not disabled. Records the use as the session's last-seen
    /// time when the stored one is older than [`LAST_SEEN_RESOLUTION_SECS`].
    pub fn session_user(
        &self,
        token_hash: &str,
        now_unix: i64,
        policy: SessionPolicy,
    ) -> Result<Option<User>, StoreError> {
        let found = self
            .db()
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.created_at > ?2 AND s.last_seen > ?3 AND u.disabled = 0"
            ))?
            .query_row(
                params![
                    token_hash,
                    now_unix - policy.lifetime_secs,
                    now_unix - policy.idle_secs
                ],
                |r| Ok((user_from_row(r)?, r.get::<_, i64>(8)?)),
            )
            .optional()?;
        let Some(((user, ..), last_seen)) = found else {
            return Ok(None);
        };
        if now_unix - last_seen >= LAST_SEEN_RESOLUTION_SECS {
            self.db()
                .prepare_cached("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1")?
                .execute(params![token_hash, now_unix])?;
        }
        Ok(Some(user))
    }

    /// Deletes every session dead under `policy` at `now_unix`; returns how many.
    pub fn purge_sessions(
        &self,
        now_unix: i64,
        policy: SessionPolicy,
    ) -> Result<usize, StoreError> {
        Ok(self.db().execute(
            "DELETE FROM sessions WHERE created_at <= ?1 OR last_seen <= ?2",
            params![now_unix - policy.lifetime_secs, now_unix - policy.idle_secs],
        )?)
    }

    /// How many sessions the store holds (alive or not yet purged).
    pub fn session_count(&self) -> Result<usize, StoreError> {
        Ok(self
            .db()
            .query_row("SELECT count(*) FROM sessions", (), |r| r.get::<_, i64>(0))?
            as usize)
    }

    /// Gives supplier `supplier_id` a new random document key (256 bits, hex) and returns it:
    /// the store keeps only its hash, so this is the one time anybody sees it. The old key
    /// stops working at once.
    pub fn rotate_supplier_key(&mut self, supplier_id: &str) -> Result<String, StoreError> {
        let key = crate::auth::random_hex(32);
        let changed = self.db().execute(
            "UPDATE suppliers SET inbound_key_hash = ?2 WHERE id = ?1",
            params![supplier_id, token_hash(&key)],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSupplier(supplier_id.to_owned()));
        }
        Ok(key)
    }

    /// Every supplier and the state of its document key.
    pub fn supplier_keys(&self) -> Result<Vec<SupplierKeyInfo>, StoreError> {
        let mut stmt = self.db().prepare(
            "SELECT id, name_en, marketplace_id, inbound_key_hash FROM suppliers ORDER BY id",
        )?;
        let rows = stmt.query_map((), |r| {
            let id: String = r.get(0)?;
            let hash: Option<String> = r.get(3)?;
            let key = match hash {
                None => SupplierKeyState::None,
                Some(h) if h == token_hash(&super::demo_supplier_key(&id)) => {
                    SupplierKeyState::Demo
                }
                Some(_) => SupplierKeyState::Private,
            };
            Ok(SupplierKeyInfo {
                id,
                name: r.get(1)?,
                marketplace: r.get(2)?,
                key,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The demo's well-known credentials this store still holds.
    pub fn demo_credentials(&self) -> Result<DemoCredentials, StoreError> {
        let users = {
            let mut stmt = self.db().prepare(
                "SELECT username FROM users WHERE demo_password = 1 AND disabled = 0 ORDER BY username",
            )?;
            let rows = stmt.query_map((), |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let suppliers = self
            .supplier_keys()?
            .into_iter()
            .filter(|s| s.key == SupplierKeyState::Demo)
            .map(|s| s.id)
            .collect();
        Ok(DemoCredentials { users, suppliers })
    }
}

/// Adds the user columns, the session column and the demo marker a store made by an earlier
/// release lacks. Every user such a release made was a demo user with the demo password (it
/// could make no other and change no password), so they are marked `demo_password`, and a
/// store holding users or suppliers is marked as a demo store.
pub(super) fn migrate(
    conn: &rusqlite::Connection,
    has_column: &dyn Fn(&str, &str) -> rusqlite::Result<bool>,
) -> Result<(), StoreError> {
    let conn = &Db::Sqlite(conn);
    if !has_column("users", "disabled")? {
        conn.execute_batch(
            "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE users ADD COLUMN demo_password INTEGER NOT NULL DEFAULT 0;
             UPDATE users SET demo_password = 1;",
        )?;
        let holds_demo: bool = conn.query_row(
            "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM suppliers) > 0",
            (),
            |r| r.get(0),
        )?;
        if holds_demo {
            mark_demo(conn)?;
        }
    }
    if !has_column("sessions", "last_seen")? {
        conn.execute_batch(
            "ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
             UPDATE sessions SET last_seen = created_at;",
        )?;
    }
    conn.execute_batch("CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id)")?;
    Ok(())
}

/// Marks the store as the demo's (see [`Store::is_demo`]).
pub(super) fn mark_demo(conn: &Db<'_>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('demo', '1') ON CONFLICT (key) DO NOTHING",
        (),
    )?;
    Ok(())
}
