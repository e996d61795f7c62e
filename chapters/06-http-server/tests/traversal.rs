//! Path traversal: every trick to read a file outside the web root is refused.
//!
//! The layout, in a fresh temporary directory:
//!
//! ```text
//! tmp/
//!   secret.txt              TOP SECRET: must never be served
//!   root/                   --root
//!     index.html
//!     link-out -> ../secret.txt     a symlink pointing out of the root
//!     dir-out  -> ..                a symlink to the parent directory
//!     link-in  -> index.html        a symlink that stays inside: fine
//! ```

mod common;

use ch06_http_server::testing::Root as TempDir;
use common::{roundtrip, server};

const SECRET: &str = "TOP SECRET";

#[test]
fn no_request_escapes_the_root() {
    let tmp = TempDir::new("traversal");
    let root = tmp.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(root.join("index.html"), "inside").unwrap();
    std::os::unix::fs::symlink("../secret.txt", root.join("link-out")).unwrap();
    std::os::unix::fs::symlink("..", root.join("dir-out")).unwrap();
    std::os::unix::fs::symlink("index.html", root.join("link-in")).unwrap();
    let s = server(&["--root", root.to_str().unwrap()]);

    let get = |target: &str| {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        roundtrip(&s, raw.as_bytes())
    };
    // The control: the secret is reachable by name outside the server, and the
    // root is served, so a refusal below is not just a broken server.
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("secret.txt")).unwrap(),
        SECRET
    );
    assert_eq!(get("/").text(), "inside");
    assert_eq!(get("/link-in").text(), "inside");

    let attacks = [
        "/../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2fsecret.txt",
        "/..%5csecret.txt",
        "/index.html%00.txt",
        "/%00",
        "/link-out",
        "/dir-out/secret.txt",
        "/dir-out/",
        "//../secret.txt",
        "/./../secret.txt",
        "/%252e%252e/secret.txt", // double encoding: decoded once, it is a name "%2e%2e"
        "http://t/../secret.txt",
        "http://t/%2e%2e/secret.txt",
    ];
    for attack in attacks {
        let r = get(attack);
        assert!(
            !r.text().contains(SECRET),
            "{attack} served the secret: {} {}",
            r.status,
            r.text()
        );
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{attack}: expected a refusal, got {} {}",
            r.status,
            r.text()
        );
    }
    // The parser refuses raw bytes that are not allowed in a target at all.
    for raw in [
        &b"GET /..\\secret.txt HTTP/1.1\r\nHost: t\r\n\r\n"[..],
        b"GET /\x00 HTTP/1.1\r\nHost: t\r\n\r\n",
    ] {
        let r = roundtrip(&s, raw);
        assert!(
            !r.text().contains(SECRET) && r.status >= 400,
            "{raw:?}: {}",
            r.status
        );
    }
}
