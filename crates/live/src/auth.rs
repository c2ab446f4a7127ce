//! The two tokens: from `VIGIL_OPERATOR_TOKEN` / `VIGIL_CONTROLLER_TOKEN`, or generated and
//! written to a file only the user can read.

use crate::wire::Role;
use std::io::Write as _;
use std::path::Path;

/// Environment variable of the operator token.
pub const OPERATOR_ENV: &str = "VIGIL_OPERATOR_TOKEN";
/// Environment variable of the controller token.
pub const CONTROLLER_ENV: &str = "VIGIL_CONTROLLER_TOKEN";

/// The exercise's tokens.
#[derive(Clone)]
pub struct Tokens {
    operator: String,
    controller: String,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(…)")
    }
}

/// A random token: 32 bytes from the operating system, hex.
pub fn random_token() -> std::io::Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(std::io::Error::other)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

impl Tokens {
    /// Given tokens; they must differ and be at least 16 characters.
    pub fn new(operator: String, controller: String) -> Result<Self, String> {
        if operator.len() < 16 || controller.len() < 16 {
            return Err("tokens must be at least 16 characters".into());
        }
        if operator == controller {
            return Err("the operator and controller tokens must differ".into());
        }
        Ok(Self {
            operator,
            controller,
        })
    }

    /// Tokens from the environment, the missing ones generated; the second value tells
    /// whether any was generated.
    pub fn from_env() -> Result<(Self, bool), String> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (op, ctl) = (get(OPERATOR_ENV), get(CONTROLLER_ENV));
        let generated = op.is_none() || ctl.is_none();
        let gen_ = || random_token().map_err(|e| format!("generating a token: {e}"));
        let op = op.map_or_else(gen_, Ok)?;
        let ctl = ctl.map_or_else(gen_, Ok)?;
        Ok((Self::new(op, ctl)?, generated))
    }

    /// Writes both tokens as `NAME=value` lines to a new file at `path`, readable only by
    /// the user (mode 0600 on Unix).
    pub fn write_file(&self, path: &Path) -> std::io::Result<()> {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(path)?;
        writeln!(f, "{OPERATOR_ENV}={}", self.operator)?;
        writeln!(f, "{CONTROLLER_ENV}={}", self.controller)
    }

    /// The role a token gives (compared in constant time), if any.
    pub fn role_of(&self, token: &str) -> Option<Role> {
        if same(token, &self.controller) {
            Some(Role::Controller)
        } else if same(token, &self.operator) {
            Some(Role::Operator)
        } else {
            None
        }
    }
}

/// Equality whose time does not depend on where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_file_mode() {
        let t = Tokens::new("o".repeat(20), "c".repeat(20)).expect("tokens");
        assert_eq!(t.role_of(&"o".repeat(20)), Some(Role::Operator));
        assert_eq!(t.role_of(&"c".repeat(20)), Some(Role::Controller));
        assert_eq!(t.role_of("c"), None);
        assert!(Tokens::new("x".repeat(20), "x".repeat(20)).is_err());
        assert_eq!(random_token().expect("random").len(), 64);
        let p = std::env::temp_dir().join(format!("vigil-tokens-{}", std::process::id()));
        t.write_file(&p).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_file(&p);
    }
}
