//! Subprotocols and extensions: what the two sides agree to speak *inside*
//! WebSocket (RFC 6455 §1.9, §4.2.2 step 5.5, §9).
//!
//! - A **subprotocol** names the application's message format (`chat`,
//!   `graphql-ws`, `mqtt`). The client offers a list in
//!   `Sec-WebSocket-Protocol`; the server picks one and echoes exactly it, or
//!   sends no field, and the client then knows nothing was agreed.
//! - An **extension** changes the frames themselves: `permessage-deflate`
//!   (RFC 7692) compresses payloads. Every browser offers it. A server declines
//!   an extension simply by not naming it in its answer; we decline them all,
//!   so our frames stay exactly as chapter 9 decodes them.

use ch05_http_parser::list_items;

// ANCHOR: choose_protocol
/// The subprotocol to answer with: the first of `supported` (the server's
/// list, in its order of preference) that the client offered in any of its
/// `Sec-WebSocket-Protocol` fields, or `None`.
///
/// Names are compared exactly, case and all: browsers check the answer
/// byte for byte against what they offered (WHATWG WebSockets, "establish a
/// WebSocket connection"), so echoing `Chat` for `chat` would fail.
pub fn choose_protocol<'s, 'o>(
    supported: &'s [String],
    offered: impl IntoIterator<Item = &'o [u8]>,
) -> Option<&'s str> {
    // One pass over the offers: the winner is the offer that sits earliest in
    // *our* list, so the server's preference decides, not the client's order.
    offered
        .into_iter()
        .flat_map(list_items)
        .filter_map(|item| supported.iter().position(|s| s.as_bytes() == item))
        .min()
        .map(|i| supported[i].as_str())
}
// ANCHOR_END: choose_protocol

/// Whether `name` can be a subprotocol: a non-empty token (RFC 6455 §4.1 item 10,
/// RFC 9110 §5.6.2), so it survives being written into a comma list.
pub fn is_valid_protocol(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(ch05_http_parser::chars::is_tchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supported(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn server_preference_wins() {
        let ours = supported(&["v2.chat", "chat"]);
        let offered = [&b"chat, v2.chat"[..]];
        assert_eq!(
            choose_protocol(&ours, offered.iter().copied()),
            Some("v2.chat")
        );
    }

    #[test]
    fn lists_over_several_fields_and_no_match() {
        let ours = supported(&["chat"]);
        let offered = [&b"superchat"[..], b" mqtt ,chat"];
        assert_eq!(
            choose_protocol(&ours, offered.iter().copied()),
            Some("chat")
        );
        let none: [&[u8]; 1] = [b"Chat"];
        assert_eq!(choose_protocol(&ours, none.iter().copied()), None);
        assert_eq!(choose_protocol(&[], offered.iter().copied()), None);
    }

    #[test]
    fn names_are_tokens() {
        assert!(is_valid_protocol("v2.chat"));
        assert!(!is_valid_protocol(""));
        assert!(!is_valid_protocol("a,b"));
        assert!(!is_valid_protocol("a b"));
    }
}
