//! `procura-endpoint admin --db FILE …` (or `--database-url URL`): users and supplier keys,
//! from the operator's shell.
//!
//! This is how the first admin comes to be, how a forgotten password is reset and how a
//! supplier's document key is rotated. It writes the store directly (SQLite or PostgreSQL), so it works while
//! the server runs on the same file (a disabled user's sessions end at once) and before it ever
//! ran. It never prints a password hash; a generated password or key is printed once.

use crate::auth;
use crate::store::{Store, StoreError, SupplierKeyState};
use clap::{Args, Subcommand, ValueEnum};
use procura_sync::api::Role;
use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AdminArgs {
    /// The SQLite store (the server's `--db`). `create-user` makes it when missing.
    #[arg(
        long,
        required_unless_present = "database_url",
        conflicts_with = "database_url"
    )]
    pub db: Option<PathBuf>,
    /// The PostgreSQL store instead (the server's `--database-url`; or `PROCURA_DATABASE_URL`
    /// in the environment, which keeps the password off the command line).
    #[arg(
        long,
        value_name = "URL",
        env = "PROCURA_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub action: AdminAction,
}

#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Adds a user. Without --password-stdin, generates a password, prints it once and makes
    /// the user change it at their first login.
    CreateUser {
        /// The name they log in with: ASCII letters, digits, '.', '_', '-', '@'.
        name: String,
        /// A role (repeat for more).
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<RoleArg>,
        /// The name the app shows; the user name when not given.
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of standard input (the user keeps it).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets a user's password and ends their sessions. Without --password-stdin, generates
    /// one, prints it once and makes the user change it at their next login.
    SetPassword {
        name: String,
        /// Read the password from the first line of standard input (the user keeps it).
        #[arg(long)]
        password_stdin: bool,
    },
    /// The user can no longer log in; their sessions end at once.
    DisableUser { name: String },
    /// The user can log in again.
    EnableUser { name: String },
    /// Gives a supplier a new random document key (X-Supplier-Key) and prints it once; the
    /// old key stops working at once.
    RotateSupplierKey { supplier: String },
    /// Users (roles, state) and suppliers (state of their document key); never a hash.
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Buyer,
    Approver,
    Admin,
    /// Accounts payable (`accounts-payable`).
    AccountsPayable,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Buyer => Role::Buyer,
            RoleArg::Approver => Role::Approver,
            RoleArg::Admin => Role::Admin,
            RoleArg::AccountsPayable => Role::AccountsPayable,
        }
    }
}

/// Why a command failed, for the operator.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Refused(String),
}

/// Runs `args`, reading a password from `input` when asked to and writing to `out`.
pub fn run(args: AdminArgs, input: impl BufRead, out: &mut impl Write) -> Result<(), AdminError> {
    let mut store = match (&args.db, &args.database_url) {
        (_, Some(url)) => Store::open_postgres(url)?,
        (Some(db), None) => {
            if !db.exists() && !matches!(args.action, AdminAction::CreateUser { .. }) {
                return Err(AdminError::Refused(format!(
                    "no store at {} (create-user makes one)",
                    db.display()
                )));
            }
            Store::open(db)?
        }
        (None, None) => {
            return Err(AdminError::Refused(
                "name the store: --db FILE or --database-url URL".to_owned(),
            ))
        }
    };
    match args.action {
        AdminAction::CreateUser {
            name,
            roles,
            display_name,
            password_stdin,
        } => {
            crate::store::check_username(&name)?;
            let password = choose_password(&name, password_stdin, input)?;
            let roles: Vec<Role> = roles.into_iter().map(Role::from).collect();
            let hash = auth::hash_password(password.text()).map_err(AdminError::Refused)?;
            let display_name = display_name.unwrap_or_else(|| name.clone());
            let user = store.create_user(
                &name,
                display_name.trim(),
                &roles,
                &hash,
                password.generated(),
            )?;
            writeln!(
                out,
                "created user {} ({})",
                user.username,
                roles_text(&roles)
            )?;
            password.print(&name, out)?;
        }
        AdminAction::SetPassword {
            name,
            password_stdin,
        } => {
            let user = store.user_record(&name)?.user;
            let password = choose_password(&name, password_stdin, input)?;
            let hash = auth::hash_password(password.text()).map_err(AdminError::Refused)?;
            let ended =
                store.set_password_hash(user.id.as_str(), &hash, password.generated(), None)?;
            writeln!(out, "set the password of {name}; ended {ended} session(s)")?;
            password.print(&name, out)?;
        }
        AdminAction::DisableUser { name } => {
            store.set_disabled(&name, true)?;
            writeln!(out, "disabled {name}; their sessions have ended")?;
        }
        AdminAction::EnableUser { name } => {
            store.set_disabled(&name, false)?;
            writeln!(out, "enabled {name}")?;
        }
        AdminAction::RotateSupplierKey { supplier } => {
            let key = store.rotate_supplier_key(&supplier)?;
            writeln!(
                out,
                "new document key of {supplier} (shown once; the old key no longer works):"
            )?;
            writeln!(out, "{key}")?;
        }
        AdminAction::List => list(&store, out)?,
    }
    Ok(())
}

enum Password {
    Given(String),
    Generated(String),
}

impl Password {
    fn text(&self) -> &str {
        match self {
            Self::Given(p) | Self::Generated(p) => p,
        }
    }

    fn generated(&self) -> bool {
        matches!(self, Self::Generated(_))
    }

    fn print(&self, name: &str, out: &mut impl Write) -> std::io::Result<()> {
        if let Self::Generated(p) = self {
            writeln!(
                out,
                "generated password (shown once; {name} must change it at their next login):"
            )?;
            writeln!(out, "{p}")?;
        }
        Ok(())
    }
}

fn choose_password(
    name: &str,
    from_input: bool,
    mut input: impl BufRead,
) -> Result<Password, AdminError> {
    if !from_input {
        return Ok(Password::Generated(auth::generate_password()));
    }
    let mut line = String::new();
    input.read_line(&mut line)?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line)
        .to_owned();
    auth::check_new_password(name, &password).map_err(AdminError::Refused)?;
    Ok(Password::Given(password))
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| format!("{r:?}").to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(store: &Store, out: &mut impl Write) -> Result<(), AdminError> {
    let users = store.users()?;
    writeln!(out, "users ({}):", users.len())?;
    for record in users {
        let mut state = Vec::new();
        if record.disabled {
            state.push("disabled");
        }
        if record.user.must_change_password {
            state.push("must change password");
        }
        if record.demo_password {
            state.push("DEMO PASSWORD");
        }
        writeln!(
            out,
            "  {:<20} {:<24} {:<24} {:<20} {}",
            record.user.username,
            record.user.id,
            record.user.display_name,
            roles_text(&record.user.roles),
            state.join(", ")
        )?;
    }
    let suppliers = store.supplier_keys()?;
    writeln!(out, "suppliers ({}):", suppliers.len())?;
    for s in suppliers {
        let key = match s.key {
            SupplierKeyState::None => "no document key",
            SupplierKeyState::Demo => "DEMO KEY",
            SupplierKeyState::Private => "document key set",
        };
        let market = s
            .marketplace
            .map(|m| format!(" (sells on {m})"))
            .unwrap_or_default();
        writeln!(out, "  {:<20} {:<32} {key}{market}", s.id, s.name)?;
    }
    Ok(())
}
