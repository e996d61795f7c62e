//! Frames as `--trace` prints them: type, stream, length, flags by name, and
//! each type's fields, on one line.
//!
//! ```text
//! HEADERS stream=1 len=35 flags=END_STREAM|END_HEADERS fragment=35
//! SETTINGS stream=0 len=12 MAX_CONCURRENT_STREAMS=100 INITIAL_WINDOW_SIZE=1048576
//! WINDOW_UPDATE stream=0 len=4 increment=983041
//! ```

use std::fmt;

use super::decoder::Decoded;
use super::frames::Frame;
use super::header::FrameHeader;
use super::padding;
use super::priority::PriorityFields;

impl fmt::Display for FrameHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} stream={} len={}",
            self.kind, self.stream, self.length
        )?;
        if self.flags != 0 {
            let mut rest = self.flags;
            let mut sep = " flags=";
            for &(bit, name) in self.kind.flag_names() {
                if self.flags & bit != 0 {
                    write!(f, "{sep}{name}")?;
                    sep = "|";
                    rest &= !bit;
                }
            }
            if rest != 0 {
                // Bits this type does not define: ignored, but shown.
                write!(f, "{sep}{rest:#04x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for PriorityFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "depends_on={} weight={}",
            self.depends_on,
            u16::from(self.weight) + 1
        )?;
        if self.exclusive {
            f.write_str(" exclusive")?;
        }
        Ok(())
    }
}

fn padded(f: &mut fmt::Formatter<'_>, pad: Option<u8>) -> fmt::Result {
    match pad {
        Some(_) => write!(f, " padding={}", padding::overhead(pad)),
        None => Ok(()),
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.header())?;
        match self {
            Frame::Data(d) => {
                write!(f, " data={}", d.data.len())?;
                padded(f, d.pad)
            }
            Frame::Headers(h) => {
                write!(f, " fragment={}", h.fragment.len())?;
                if let Some(p) = &h.priority {
                    write!(f, " {p}")?;
                }
                padded(f, h.pad)
            }
            Frame::Priority(p) => write!(f, " {}", p.fields),
            Frame::RstStream(r) => write!(f, " error={}", r.code),
            Frame::Settings(s) => {
                for param in &s.params {
                    write!(f, " {param}")?;
                }
                Ok(())
            }
            Frame::PushPromise(p) => {
                write!(f, " promised={} fragment={}", p.promised, p.fragment.len())?;
                padded(f, p.pad)
            }
            Frame::Ping(p) => {
                f.write_str(" opaque=")?;
                p.opaque.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
            Frame::GoAway(g) => {
                write!(f, " last_stream={} error={}", g.last_stream, g.code)?;
                if !g.debug.is_empty() {
                    write!(f, " debug=\"{}\"", g.debug.escape_ascii())?;
                }
                Ok(())
            }
            Frame::WindowUpdate(w) => write!(f, " increment={}", w.increment),
            Frame::Continuation(c) => write!(f, " fragment={}", c.fragment.len()),
            Frame::Unknown(_) => f.write_str(" (unknown type, ignored)"),
        }
    }
}

impl fmt::Display for Decoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decoded::Preface => {
                f.write_str("client preface \"PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n\"")
            }
            Decoded::Frame(frame) => write!(f, "{frame}"),
            Decoded::StreamError(e) => write!(f, "{e}"),
        }
    }
}
