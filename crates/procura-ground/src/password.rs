//! What a new password must be, checked by the hub on `POST /me/password` and by the app before
//! it sends one (so the user hears at once, offline too).

/// Fewest characters (Unicode scalar values) a new password may have.
pub const MIN_CHARS: usize = 10;
/// Most bytes (UTF-8) a new password may have: Argon2 input stays bounded.
pub const MAX_BYTES: usize = 256;

/// Why a new password is refused (the hub answers `weak_password` for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    SameAsUsername,
}

/// Whether `password` may become `username`'s new password.
pub fn check_new_password(username: &str, password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_CHARS {
        Err(PasswordProblem::TooShort)
    } else if password.len() > MAX_BYTES {
        Err(PasswordProblem::TooLong)
    } else if password.trim().eq_ignore_ascii_case(username.trim()) {
        Err(PasswordProblem::SameAsUsername)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(username: &str, password: &str, expected: Result<(), PasswordProblem>) {
        assert_eq!(
            check_new_password(username, password),
            expected,
            "{password:?}"
        );
    }

    #[test]
    fn length_counts_characters_and_bytes_and_the_username_is_refused() {
        use PasswordProblem::*;
        check("buyer", "", Err(TooShort));
        check("buyer", "123456789", Err(TooShort));
        check("buyer", "1234567890", Ok(()));
        // Ten characters of three bytes each: long enough.
        check("buyer", "密码密码密码密码密码", Ok(()));
        check("buyer", "密码密码密码密码密", Err(TooShort));
        check("buyer", &"a".repeat(256), Ok(()));
        check("buyer", &"a".repeat(257), Err(TooLong));
        // 86 three-byte characters are 258 bytes.
        check("buyer", &"码".repeat(86), Err(TooLong));
        check("approver12", "approver12", Err(SameAsUsername));
        check("approver12", "Approver12", Err(SameAsUsername));
        check("approver12", "approver12 and more", Ok(()));
    }
}
