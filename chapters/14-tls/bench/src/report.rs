//! The bench's tables: aligned text for the terminal, Markdown for the book.

use std::fmt::Write;

/// One table: a title, a header row, rows of cells, and a note under it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Printed above it (`###` in Markdown).
    pub title: String,
    /// The column names; the first column is left-aligned, the rest right.
    pub header: Vec<String>,
    /// The cells, a row at a time.
    pub rows: Vec<Vec<String>>,
    /// A line under it: what the columns mean.
    pub note: String,
}

impl Table {
    /// A table with these columns and no rows yet.
    pub fn new(title: &str, header: &[&str], note: &str) -> Table {
        Table {
            title: title.to_string(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            note: note.to_string(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Aligned text.
    pub fn text(&self) -> String {
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (w, cell) in width.iter_mut().zip(r) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = format!("{}\n", self.title);
        let line = |out: &mut String, cells: &[String]| {
            for (i, (cell, &w)) in cells.iter().zip(&width).enumerate() {
                let pad = w - cell.chars().count();
                if i == 0 {
                    let _ = write!(out, "{cell}{}", " ".repeat(pad));
                } else {
                    let _ = write!(out, "  {}{cell}", " ".repeat(pad));
                }
            }
            out.push('\n');
        };
        line(&mut out, &self.header);
        for r in &self.rows {
            line(&mut out, r);
        }
        if !self.note.is_empty() {
            let _ = writeln!(out, "{}", self.note);
        }
        out
    }

    /// Markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "### {}\n\n| {} |\n|---|",
            self.title,
            self.header.join(" | ")
        );
        for _ in 1..self.header.len() {
            out.push_str("---:|");
        }
        out.push('\n');
        for r in &self.rows {
            let _ = writeln!(out, "| {} |", r.join(" | "));
        }
        if !self.note.is_empty() {
            let _ = write!(out, "\n{}\n", self.note);
        }
        out
    }
}

/// `16 B`, `1 KiB`, `64 KiB`.
pub fn size_name(size: usize) -> String {
    if size >= 1024 && size.is_multiple_of(1024) {
        format!("{} KiB", size / 1024)
    } else {
        format!("{size} B")
    }
}

/// Writes `tables` as Markdown to `out/file` (a page of `book/src/measured/`),
/// with a note under them naming the machine, the date, the servers' CPU and
/// the command as it was run (under `taskset -c CPUS` when this process was
/// pinned to fewer CPUs than the machine has online). Shared by chapter 14's
/// and chapter 15's benches.
pub fn write_book(
    tables: &[Table],
    machine: &str,
    server_cpu: &str,
    out: &std::path::Path,
    file: &str,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let date = ch06_http_server::clock::iso_time(std::time::SystemTime::now());
    let binary = std::env::args()
        .next()
        .and_then(|p| {
            std::path::Path::new(&p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online").unwrap_or_default();
    let pinned = match ch07_bench::procfs::own_cpus() {
        Some(cpus) if cpus != online.trim() => format!("taskset -c {cpus} "),
        _ => String::new(),
    };
    let command = format!("{pinned}target/release/{binary} {}", args.join(" "));
    let mut md = String::new();
    for t in tables {
        md.push_str(&t.markdown());
        md.push('\n');
    }
    md.push_str(&format!(
        "Measured on a {machine}, {}, with `{}` (servers on CPU {server_cpu}).\n",
        &date[..10],
        command.trim_end(),
    ));
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let path = out.join(file);
    std::fs::write(&path, md).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms() {
        let mut t = Table::new("T", &["a", "bb"], "note");
        t.row(vec!["x".into(), "1".into()]);
        assert_eq!(t.text(), "T\na  bb\nx   1\nnote\n");
        assert_eq!(
            t.markdown(),
            "### T\n\n| a | bb |\n|---|---:|\n| x | 1 |\n\nnote\n"
        );
        assert_eq!(size_name(65536), "64 KiB");
        assert_eq!(size_name(16), "16 B");
    }
}
