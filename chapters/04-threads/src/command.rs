//! What a line from a client means: a message to the room or a `/command`.
//!
//! ```text
//! hello everyone     say it to the room (before you have a nickname: your nickname)
//! /nick NAME         choose or change your nickname
//! /who               who is here
//! /quit              leave
//! /help              the list of commands
//! ```

/// One line of input, understood.
#[derive(Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// A blank line: ignored.
    Blank,
    /// Text for the room (or, before joining, a nickname).
    Say(&'a str),
    /// `/nick NAME`.
    Nick(&'a str),
    /// `/who`.
    Who,
    /// `/quit`.
    Quit,
    /// `/help`.
    Help,
    /// A `/word` we do not know.
    Unknown(&'a str),
}

/// Reads one cleaned line of input.
pub fn parse(line: &str) -> Input<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Input::Blank;
    }
    let Some(command) = trimmed.strip_prefix('/') else {
        return Input::Say(line.trim_end());
    };
    let (word, arg) = command
        .split_once(char::is_whitespace)
        .map_or((command, ""), |(w, a)| (w, a.trim()));
    match word {
        "nick" => Input::Nick(arg),
        "who" => Input::Who,
        "quit" => Input::Quit,
        "help" => Input::Help,
        _ => Input::Unknown(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_text() {
        assert_eq!(parse("  "), Input::Blank);
        assert_eq!(parse("  hi there  "), Input::Say("  hi there"));
        assert_eq!(parse("/nick  ann "), Input::Nick("ann"));
        assert_eq!(parse("/nick"), Input::Nick(""));
        assert_eq!(parse("/who"), Input::Who);
        assert_eq!(parse("/quit"), Input::Quit);
        assert_eq!(parse("/dance now"), Input::Unknown("dance"));
    }
}
