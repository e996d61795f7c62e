// The checks for chapter 2's exercises. This one file checks both your crate
// (exercises/02-unix) and the solutions (solutions/02-unix): `answer` is whichever
// crate is being tested. One module per exercise, named as in info.txt.

mod stale_check {
    use super::super::answer::stale_check::{PathState, check, prepare};
    use std::io::ErrorKind;
    use std::os::unix::fs::FileTypeExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A fresh directory under the temp dir, removed on drop.
    struct Dir(PathBuf);

    impl Dir {
        fn new() -> Dir {
            static N: AtomicU32 = AtomicU32::new(0);
            let dir = std::env::temp_dir().join(format!(
                "ex02-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir(&dir).unwrap();
            Dir(dir)
        }
        fn join(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn is_socket(path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket())
    }

    /// A socket file with nobody behind it: dropping a std UnixListener
    /// closes the socket but leaves the file.
    fn stale(path: &Path) {
        drop(UnixListener::bind(path).unwrap());
    }

    #[test]
    fn nothing_there_is_free() {
        let dir = Dir::new();
        assert_eq!(check(&dir.join("none.sock")).unwrap(), PathState::Free);
        assert_eq!(prepare(&dir.join("none.sock")).unwrap(), PathState::Free);
    }

    #[test]
    fn a_live_listener_is_in_use() {
        let dir = Dir::new();
        let path = dir.join("live.sock");
        let listener = UnixListener::bind(&path).unwrap();
        assert_eq!(check(&path).unwrap(), PathState::InUse);
        let err = prepare(&path).expect_err("a live socket must not be taken over");
        assert_eq!(err.kind(), ErrorKind::AddrInUse);
        assert!(is_socket(&path), "the live socket's file must stay");
        // The listener still works: a new client gets through.
        let _client = UnixStream::connect(&path).expect("the live server is still reachable");
        drop(listener);
    }

    #[test]
    fn a_socket_file_with_nobody_listening_is_stale() {
        let dir = Dir::new();
        let path = dir.join("stale.sock");
        stale(&path);
        assert!(is_socket(&path));
        assert_eq!(check(&path).unwrap(), PathState::Stale);
        assert!(is_socket(&path), "check() must not change anything on disk");
        assert_eq!(prepare(&path).unwrap(), PathState::Stale);
        assert!(!path.exists(), "prepare() removes a stale file");
        UnixListener::bind(&path).expect("after prepare(), bind works");
    }

    #[test]
    fn a_regular_file_is_not_a_socket_and_is_kept() {
        let dir = Dir::new();
        let path = dir.join("notes.txt");
        std::fs::write(&path, "precious").unwrap();
        assert_eq!(check(&path).unwrap(), PathState::NotASocket);
        let err = prepare(&path).expect_err("a regular file must be refused");
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    }

    #[test]
    fn directories_and_symlinks_are_not_sockets() {
        let dir = Dir::new();
        let sub = dir.join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(check(&sub).unwrap(), PathState::NotASocket);
        assert!(prepare(&sub).is_err());
        assert!(sub.is_dir());
        // A symlink to a stale socket: following it would delete the target.
        let target = dir.join("target.sock");
        stale(&target);
        let link = dir.join("link.sock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            check(&link).unwrap(),
            PathState::NotASocket,
            "use symlink_metadata"
        );
        assert!(prepare(&link).is_err());
        assert!(link.is_symlink() && is_socket(&target), "nothing deleted");
    }
}

mod percentiles {
    use super::super::answer::percentiles::{median_and_p99, percentile};
    use std::time::Duration;

    fn us(range: impl IntoIterator<Item = u64>) -> Vec<Duration> {
        range.into_iter().map(Duration::from_micros).collect()
    }

    #[test]
    fn nearest_rank_on_one_to_a_hundred() {
        let s = us(1..=100);
        assert_eq!(percentile(&s, 50.0), Some(Duration::from_micros(50)));
        assert_eq!(percentile(&s, 99.0), Some(Duration::from_micros(99)));
        assert_eq!(percentile(&s, 100.0), Some(Duration::from_micros(100)));
        assert_eq!(percentile(&s, 1.0), Some(Duration::from_micros(1)));
        assert_eq!(
            percentile(&s, 7.0),
            Some(Duration::from_micros(7)),
            "p7 of 1..=100 is 7 (floating point: see the hint)"
        );
    }

    #[test]
    fn ranks_round_up() {
        // 10 samples: p99 is rank ceil(9.9) = 10, the slowest.
        let ten = us(1..=10);
        assert_eq!(percentile(&ten, 99.0), Some(Duration::from_micros(10)));
        assert_eq!(percentile(&ten, 50.0), Some(Duration::from_micros(5)));
        assert_eq!(percentile(&ten, 55.0), Some(Duration::from_micros(6)));
        // 1000 samples: p99 is rank 990.
        let thousand = us(1..=1000);
        assert_eq!(
            percentile(&thousand, 99.0),
            Some(Duration::from_micros(990))
        );
        // One sample is every percentile.
        assert_eq!(percentile(&us([42]), 50.0), Some(Duration::from_micros(42)));
        assert_eq!(percentile(&us([42]), 99.0), Some(Duration::from_micros(42)));
    }

    #[test]
    fn no_samples_or_a_bad_p_is_none() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&us(1..=10), 0.0), None);
        assert_eq!(percentile(&us(1..=10), 101.0), None);
        assert_eq!(percentile(&us(1..=10), f64::NAN), None);
        assert_eq!(median_and_p99(&[]), None);
    }

    #[test]
    fn unsorted_samples_are_sorted_first() {
        // 1..=200 shuffled deterministically (7 is coprime with 200).
        let shuffled: Vec<Duration> = (0..200u64)
            .map(|i| Duration::from_micros((i * 7) % 200 + 1))
            .collect();
        let copy = shuffled.clone();
        assert_eq!(
            median_and_p99(&shuffled),
            Some((Duration::from_micros(100), Duration::from_micros(198)))
        );
        assert_eq!(shuffled, copy, "the caller's samples are left as they were");
    }
}

#[cfg(target_os = "linux")]
mod abstract_name {
    use super::super::answer::abstract_name::{connect, listen, name_of};
    use std::io::{ErrorKind, Read, Write};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    /// A name no other test (or test run) uses.
    fn unique() -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        format!(
            "ex02-abstract-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        )
    }

    #[test]
    fn listen_connect_and_talk() {
        let name = unique();
        let listener = listen(name.as_bytes()).expect("listen on an abstract name");
        let mut client = connect(name.as_bytes()).expect("connect to it");
        let (mut served, _) = listener.accept().unwrap();
        served
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        client.write_all(b"ping").unwrap();
        let mut got = [0u8; 4];
        served.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"ping");
    }

    #[test]
    fn it_is_abstract_and_leaves_no_file() {
        let name = unique();
        let listener = listen(name.as_bytes()).unwrap();
        assert_eq!(
            name_of(&listener).as_deref(),
            Some(name.as_bytes()),
            "the listener must be bound to the abstract name, not to a path"
        );
        // Binding the name as a path would create a file in the current directory.
        assert!(
            !std::path::Path::new(&name).exists(),
            "a file named {name} exists: that is a path, not an abstract name"
        );
        let path_bound = std::os::unix::net::UnixListener::bind(
            std::env::temp_dir().join(format!("{name}.sock")),
        )
        .unwrap();
        assert_eq!(name_of(&path_bound), None, "a path is not an abstract name");
        let _ = std::fs::remove_file(std::env::temp_dir().join(format!("{name}.sock")));
    }

    #[test]
    fn the_name_is_freed_with_the_socket() {
        let name = unique();
        let first = listen(name.as_bytes()).unwrap();
        let err = listen(name.as_bytes()).expect_err("the name is taken while `first` lives");
        assert_eq!(err.kind(), ErrorKind::AddrInUse);
        drop(first);
        // Nothing stale to remove: the name is free again at once.
        listen(name.as_bytes()).expect("the name is free after the listener is dropped");
    }

    #[test]
    fn nobody_listening_is_refused() {
        let err = connect(unique().as_bytes()).expect_err("nobody listens on a fresh name");
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
    }
}
