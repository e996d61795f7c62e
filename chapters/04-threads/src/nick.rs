//! What a nickname may be.
//!
//! Nicknames appear at the start of every message (`<ann> hi`) and in `/who`, so
//! they are short and plain: 1 to [`MAX_NICK`] characters from `A-Z a-z 0-9 _ -`.
//! No spaces (so `/nick ann` is unambiguous), nothing that could look like
//! another person or a server notice (`*`, `<`, `>`).
//! Two people may not share a nickname, ignoring case: `Ann` and `ann` would be
//! easy to confuse. The hub checks that; this file checks the spelling.

use std::fmt;

/// The longest nickname, in characters (all ASCII, so also bytes).
pub const MAX_NICK: usize = 16;

/// Why a nickname was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum NickError {
    /// Nothing was given.
    Empty,
    /// Longer than [`MAX_NICK`].
    TooLong,
    /// A character outside `A-Z a-z 0-9 _ -`.
    BadChar(char),
    /// Someone here already uses it (ignoring case).
    Taken(String),
}

impl fmt::Display for NickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NickError::Empty => write!(f, "a nickname cannot be empty"),
            NickError::TooLong => write!(f, "a nickname has at most {MAX_NICK} characters"),
            NickError::BadChar(c) => write!(
                f,
                "{c:?} is not allowed in a nickname (use letters, digits, _ and -)"
            ),
            NickError::Taken(n) => write!(f, "the nickname {n} is taken, try another"),
        }
    }
}

impl std::error::Error for NickError {}

/// Checks the spelling of a nickname (not whether it is free).
pub fn validate(nick: &str) -> Result<(), NickError> {
    if nick.is_empty() {
        return Err(NickError::Empty);
    }
    if let Some(c) = nick
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(NickError::BadChar(c));
    }
    if nick.len() > MAX_NICK {
        return Err(NickError::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling() {
        assert_eq!(validate("ann"), Ok(()));
        assert_eq!(validate("Bob_2-x"), Ok(()));
        assert_eq!(validate(""), Err(NickError::Empty));
        assert_eq!(validate("a b"), Err(NickError::BadChar(' ')));
        assert_eq!(validate("<ann>"), Err(NickError::BadChar('<')));
        assert_eq!(validate("é"), Err(NickError::BadChar('é')));
        assert_eq!(validate(&"x".repeat(MAX_NICK)), Ok(()));
        assert_eq!(validate(&"x".repeat(MAX_NICK + 1)), Err(NickError::TooLong));
    }
}
