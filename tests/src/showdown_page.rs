//! What chapter 13's showdown page must report after its cut, checked the
//! same way whether the page came over http (chapter 13) or https and wss
//! (chapter 14).

use crate::browser::field;

/// Panics unless `report` (the page's JSON, loaded with `?every=…&before=…&after=…`)
/// shows every panel receiving before the cut and recovering after it, the
/// cut closing the page's connections, the three push transports missing
/// nothing and reconnecting, and the message the page sent after the cut
/// reaching every push panel.
pub fn assert_recovered_after_the_cut(report: &str) {
    let after_cut = report.split("\"panels\":").nth(1).expect("a panels object");
    for panel in ["poll", "lp", "sse", "ws"] {
        let received = field(after_cut, panel, "received").unwrap_or(0);
        let before = field(report, "atCut", panel).unwrap_or(0);
        assert!(
            before >= 1,
            "{panel} received nothing before the cut: {report}"
        );
        assert!(
            received >= before + 3,
            "{panel} did not recover after the cut ({before} then {received}): {report}"
        );
    }
    // The cut dropped the page's connections (at least its streams).
    let cut = report
        .strip_prefix("{\"cut\":")
        .and_then(|r| r.split(',').next())
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    assert!(cut >= 2, "the cut closed {cut} connections: {report}");
    // The three push transports missed nothing across the cut and reconnected.
    for panel in ["lp", "sse", "ws"] {
        assert_eq!(
            field(after_cut, panel, "missed"),
            Some(0),
            "{panel}: {report}"
        );
    }
    for panel in ["sse", "ws"] {
        let n = field(after_cut, panel, "reconnects").unwrap_or(0);
        assert!(n >= 1, "{panel} did not reconnect after the cut: {report}");
    }
    // The message sent over the WebSocket after the cut reached every push panel.
    for panel in ["lp", "sse", "ws"] {
        let at = after_cut.find(&format!("\"{panel}\":{{")).unwrap();
        let obj = &after_cut[at..];
        let end = obj.find('}').unwrap_or(obj.len());
        assert!(
            obj[..end].contains("hello from the test"),
            "{panel} did not get the message: {report}"
        );
    }
}
