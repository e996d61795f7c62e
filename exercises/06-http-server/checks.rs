// The checks for chapter 6's exercises. This one file checks both your crate
// (exercises/06-http-server) and the solutions (solutions/06-http-server): `answer`
// is whichever crate is being tested. One module per exercise, named as in info.txt.

mod response_head {
    use super::super::answer::response_head::{HeadError, response_head};

    #[test]
    fn a_head_with_headers_and_length() {
        let head = response_head(
            200,
            "OK",
            &[("Content-Type", "text/plain"), ("X-Id", "7")],
            5,
        )
        .expect("a valid head");
        assert_eq!(
            head,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Id: 7\r\nContent-Length: 5\r\n\r\n"
        );
    }

    #[test]
    fn no_headers_and_an_empty_body() {
        let head = response_head(404, "Not Found", &[], 0).unwrap();
        assert_eq!(head, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }

    #[test]
    fn values_cannot_split_the_response() {
        for evil in ["a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\0b"] {
            assert_eq!(
                response_head(200, "OK", &[("X-Name", evil)], 0),
                Err(HeadError::BadValue("X-Name".into())),
                "value {evil:?}"
            );
        }
    }

    #[test]
    fn names_must_be_tokens() {
        for bad in ["", "Bad Name", "X:Y", "Ünicode", "a\r\nb"] {
            assert_eq!(
                response_head(200, "OK", &[("Ok", "1"), (bad, "v")], 0),
                Err(HeadError::BadName(bad.into())),
                "name {bad:?}"
            );
        }
        assert!(response_head(200, "OK", &[("X-a.b_c~!#$%&'*+^`|", "v")], 0).is_ok());
    }
}

mod chunked_writer {
    use super::super::answer::chunked_writer::{encode_chunked, write_chunk};

    #[test]
    fn one_chunk() {
        let mut out = b"before".to_vec();
        write_chunk(b"hello", &mut out);
        assert_eq!(out, b"before5\r\nhello\r\n", "append, do not replace");
    }

    #[test]
    fn sizes_are_lowercase_hex() {
        let mut out = Vec::new();
        write_chunk(&[b'x'; 26], &mut out);
        assert!(out.starts_with(b"1a\r\n"), "26 is 1a in hex");
        assert_eq!(out.len(), 4 + 26 + 2);
        let mut out = Vec::new();
        write_chunk(&[0; 4096], &mut out);
        assert!(out.starts_with(b"1000\r\n"));
    }

    #[test]
    fn an_empty_piece_writes_nothing() {
        let mut out = Vec::new();
        write_chunk(b"", &mut out);
        assert!(out.is_empty(), "a zero-size chunk would end the body");
    }

    #[test]
    fn a_whole_body() {
        assert_eq!(
            encode_chunked(&[b"Wiki", b"", b"pedia in\r\n\r\nchunks."]),
            b"4\r\nWiki\r\n13\r\npedia in\r\n\r\nchunks.\r\n0\r\n\r\n"
        );
        assert_eq!(encode_chunked(&[]), b"0\r\n\r\n");
    }
}

mod safe_path {
    use super::super::answer::safe_path::{relative_path, resolve};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn plain_paths() {
        let rel = |p: &str| relative_path(p).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(rel("/").as_deref(), Some("index.html"));
        assert_eq!(rel("/a/b.txt").as_deref(), Some("a/b.txt"));
        assert_eq!(rel("//a//b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(rel("/a%20b%2Ctxt").as_deref(), Some("a b,txt"));
        assert_eq!(
            rel("/...").as_deref(),
            Some("..."),
            "three dots is just a name"
        );
        assert_eq!(rel("/%2e%2e.txt").as_deref(), Some("...txt"));
    }

    #[test]
    fn attacks_are_refused() {
        for attack in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/./x",
            "/..%2fetc%2fpasswd",
            "/%2fetc/passwd",
            "/..%5c..%5cwin.ini",
            "/index.html%00.txt",
            "etc/passwd",
            "/%",
            "/%2",
            "/%zz",
            "/%+1",
            "/%ff",
        ] {
            assert_eq!(relative_path(attack), None, "{attack} must be refused");
        }
    }

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        static N: AtomicU32 = AtomicU32::new(0);
        let tmp = Dir(std::env::temp_dir().join(format!(
            "ex06-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        )));
        let root = tmp.0.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(tmp.0.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink("../secret.txt", root.join("out")).unwrap();
        std::os::unix::fs::symlink("sub/a.txt", root.join("in")).unwrap();

        let real = |p: &Path| p.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Some(real(&root.join("index.html"))));
        assert_eq!(
            resolve(&root, "/sub/a.txt"),
            Some(real(&root.join("sub/a.txt")))
        );
        assert_eq!(resolve(&root, "/in"), Some(real(&root.join("sub/a.txt"))));
        assert_eq!(resolve(&root, "/out"), None, "a symlink out of the root");
        assert_eq!(resolve(&root, "/../secret.txt"), None);
        assert_eq!(resolve(&root, "/missing"), None);
        assert_eq!(resolve(&root, "/sub"), None, "a directory is not a file");
    }
}
