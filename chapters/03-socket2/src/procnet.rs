//! Which state is a TCP connection in? Linux answers in `/proc/net/tcp` and
//! `/proc/net/tcp6` (what `ss` and `netstat` read), one line per socket:
//!
//! ```text
//!   sl  local_address rem_address   st tx_queue rx_queue ...
//!    0: 0100007F:1B5B 0100007F:C6A4 06 00000000:00000000 ...
//! ```
//!
//! Addresses are the raw 32-bit words of the IP address printed in the machine's
//! byte order, ports are in host order, and `st` is the state (`06` = TIME_WAIT).
//! We use it to show that a closed connection lingers in TIME_WAIT.

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The TCP states of RFC 9293 §3.3.2, as Linux numbers them (include/net/tcp_states.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpState {
    /// 01: data can flow both ways.
    Established,
    /// 02: we sent a SYN.
    SynSent,
    /// 03: we answered a SYN.
    SynRecv,
    /// 04: we closed first and sent a FIN.
    FinWait1,
    /// 05: our FIN was acknowledged; waiting for the peer's.
    FinWait2,
    /// 06: both FINs exchanged; we closed first, so we wait 2×MSL.
    TimeWait,
    /// 07: closed.
    Close,
    /// 08: the peer closed first; we may still send.
    CloseWait,
    /// 09: the peer closed first, then we did; waiting for the last ACK.
    LastAck,
    /// 0A: a listening socket.
    Listen,
    /// 0B: both sides closed at once.
    Closing,
}

impl TcpState {
    /// From the `st` column's hex number.
    pub fn from_code(code: u8) -> Option<TcpState> {
        use TcpState::*;
        Some(match code {
            0x01 => Established,
            0x02 => SynSent,
            0x03 => SynRecv,
            0x04 => FinWait1,
            0x05 => FinWait2,
            0x06 => TimeWait,
            0x07 => Close,
            0x08 => CloseWait,
            0x09 => LastAck,
            0x0A => Listen,
            0x0B => Closing,
            _ => return None,
        })
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TcpState::*;
        f.write_str(match self {
            Established => "ESTABLISHED",
            SynSent => "SYN_SENT",
            SynRecv => "SYN_RECV",
            FinWait1 => "FIN_WAIT1",
            FinWait2 => "FIN_WAIT2",
            TimeWait => "TIME_WAIT",
            Close => "CLOSE",
            CloseWait => "CLOSE_WAIT",
            LastAck => "LAST_ACK",
            Listen => "LISTEN",
            Closing => "CLOSING",
        })
    }
}

/// One socket in the kernel's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Our end.
    pub local: SocketAddr,
    /// The peer's end (`0.0.0.0:0` for a listener).
    pub remote: SocketAddr,
    /// Its state.
    pub state: TcpState,
}

/// Every TCP socket in this network namespace (IPv4 and IPv6), Linux only.
pub fn entries() -> io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            // No IPv6 in this kernel: no tcp6 file, and nothing to list from it.
            Err(e) if e.kind() == io::ErrorKind::NotFound && file.ends_with('6') => continue,
            Err(e) => return Err(e),
        };
        // The first line is the column header.
        out.extend(text.lines().skip(1).filter_map(parse_line));
    }
    Ok(out)
}

/// The state of the connection from `local` to `remote`, if the kernel has it.
pub fn state(local: SocketAddr, remote: SocketAddr) -> io::Result<Option<TcpState>> {
    Ok(entries()?
        .into_iter()
        .find(|e| e.local == local && e.remote == remote)
        .map(|e| e.state))
}

/// Parses one line of `/proc/net/tcp{,6}`; `None` for anything unexpected.
pub fn parse_line(line: &str) -> Option<Entry> {
    let mut cols = line.split_whitespace();
    let _slot = cols.next()?;
    let local = parse_addr(cols.next()?)?;
    let remote = parse_addr(cols.next()?)?;
    let state = TcpState::from_code(u8::from_str_radix(cols.next()?, 16).ok()?)?;
    Some(Entry {
        local,
        remote,
        state,
    })
}

/// `0100007F:1B5B` → 127.0.0.1:7003; 32 hex digits before the colon for IPv6.
fn parse_addr(s: &str) -> Option<SocketAddr> {
    let (ip, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    // The kernel prints each 32-bit word of the address as a native-endian
    // integer, so the bytes come back with to_ne_bytes.
    let word = |hex: &str| u32::from_str_radix(hex, 16).ok().map(u32::to_ne_bytes);
    let ip = match ip.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(ip)?)),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_exact_mut(4).enumerate() {
                chunk.copy_from_slice(&word(ip.get(i * 8..i * 8 + 8)?)?);
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_endian = "little")]
    fn parses_lines_as_linux_prints_them() {
        let v4 = "   0: 0100007F:1B5B 0100007F:C6A4 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000";
        let e = parse_line(v4).unwrap();
        assert_eq!(e.local, "127.0.0.1:7003".parse().unwrap());
        assert_eq!(e.remote, "127.0.0.1:50852".parse().unwrap());
        assert_eq!(e.state, TcpState::TimeWait);

        let v6 = "   1: 00000000000000000000000001000000:1B5B 0000000000000000FFFF00000100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0";
        let e = parse_line(v6).unwrap();
        assert_eq!(e.local, "[::1]:7003".parse().unwrap());
        assert_eq!(e.remote, "[::ffff:127.0.0.1]:54321".parse().unwrap());
        assert_eq!(e.state, TcpState::Established);
    }

    #[test]
    fn rejects_what_it_does_not_understand() {
        assert!(parse_line("  sl  local_address rem_address   st tx_queue").is_none());
        assert!(parse_line("0: 0100007F:1B5B 0100007F:C6A4 FF").is_none());
        assert!(parse_line("0: 7F:1B5B 0100007F:C6A4 06").is_none());
        assert!(parse_line("").is_none());
    }
}
