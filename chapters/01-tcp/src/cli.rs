//! A small command-line parser shared by every binary in the book.
//!
//! It teaches nothing about networking, so it lives here in chapter 1 and every
//! later chapter imports it. It knows three shapes of argument:
//! `--name value` (or `--name=value`), `--flag`, and positionals.
//!
//! Options are taken lazily: the caller asks for each option it knows, then calls
//! [`Args::finish`], which rejects anything left over that looks like an option.
//! That way a typo such as `--adr` is an error, not silently ignored.

use std::str::FromStr;

use anyhow::{Context, bail};

/// The arguments of one run, minus the program name.
#[derive(Debug)]
pub struct Args {
    rest: Vec<String>,
}

impl Args {
    /// Reads the process arguments. When `--help` or `-h` is among them, prints
    /// `usage` and exits with status 0, as every binary in the book does.
    pub fn from_env(usage: &str) -> Args {
        let args = Args::new(std::env::args().skip(1));
        if args.rest.iter().any(|a| a == "--help" || a == "-h") {
            println!("{}", usage.trim_end());
            std::process::exit(0);
        }
        args
    }

    /// Builds from any list of arguments (tests use this).
    pub fn new<I: IntoIterator<Item = String>>(args: I) -> Args {
        Args {
            rest: args.into_iter().collect(),
        }
    }

    /// Takes `--name` if present: `true` when it was given.
    pub fn flag(&mut self, name: &str) -> bool {
        match self.rest.iter().position(|a| a == name) {
            Some(i) => {
                self.rest.remove(i);
                true
            }
            None => false,
        }
    }

    /// Takes `--name VALUE` or `--name=VALUE` if present.
    pub fn value(&mut self, name: &str) -> anyhow::Result<Option<String>> {
        let prefix = format!("{name}=");
        for i in 0..self.rest.len() {
            if let Some(v) = self.rest[i].strip_prefix(&prefix) {
                let v = v.to_string();
                self.rest.remove(i);
                return Ok(Some(v));
            }
            if self.rest[i] == name {
                if i + 1 >= self.rest.len() {
                    bail!("{name} needs a value");
                }
                let v = self.rest.remove(i + 1);
                self.rest.remove(i);
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// Takes `--name VALUE` parsed as `T`, or returns `default` when absent.
    pub fn parsed_or<T>(&mut self, name: &str, default: T) -> anyhow::Result<T>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.value(name)? {
            Some(v) => v
                .parse()
                .with_context(|| format!("{name}: cannot understand {v:?}")),
            None => Ok(default),
        }
    }

    /// Takes the next positional argument (call after taking every option).
    pub fn positional(&mut self) -> Option<String> {
        let i = self.rest.iter().position(|a| !a.starts_with("--"))?;
        Some(self.rest.remove(i))
    }

    /// Fails if anything was not taken: an unknown option or an extra argument.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.rest.first() {
            None => Ok(()),
            Some(a) if a.starts_with('-') => bail!("unknown option {a:?} (try --help)"),
            Some(a) => bail!("unexpected argument {a:?} (try --help)"),
        }
    }
}

/// Prints the one ready line every server prints (`listening on tcp://127.0.0.1:7001`)
/// and flushes, so a test or a script reading our stdout sees it at once.
pub fn announce(url: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // A closed stdout must not kill the server: ignore write errors here.
    let _ = writeln!(out, "listening on {url}");
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Args {
        Args::new(s.split_whitespace().map(String::from))
    }

    #[test]
    fn values_flags_and_positionals() {
        let mut a = args("--trace --addr 127.0.0.1:0 hello --limit=5");
        assert!(a.flag("--trace"));
        assert!(!a.flag("--quiet"));
        assert_eq!(a.value("--addr").unwrap().as_deref(), Some("127.0.0.1:0"));
        assert_eq!(a.parsed_or("--limit", 1u32).unwrap(), 5);
        assert_eq!(a.parsed_or("--other", 7u32).unwrap(), 7);
        assert_eq!(a.positional().as_deref(), Some("hello"));
        a.finish().unwrap();
    }

    #[test]
    fn leftovers_are_errors() {
        let mut a = args("--adr 1");
        assert!(a.value("--addr").unwrap().is_none());
        let err = a.finish().unwrap_err().to_string();
        assert!(err.contains("--adr"), "{err}");
        assert!(args("--addr").value("--addr").is_err());
        assert!(args("--n x").parsed_or("--n", 1u8).is_err());
    }
}
