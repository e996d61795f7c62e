//! Exercise: what a WebSocket echo server sends back for each event.
//!
//! An echo server answers data with the same data, a Ping with a Pong of the
//! same payload (RFC 6455 §5.5.2), and a Close with a Close that echoes the
//! code (§5.5.1), after which the server closes TCP (§7.1.1). After a Close has
//! been sent, nothing else may be sent on the connection.

/// An event decoded from the client's frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum In {
    /// A whole text message.
    Text(String),
    /// A whole binary message.
    Binary(Vec<u8>),
    /// A Ping with its payload.
    Ping(Vec<u8>),
    /// A Pong with its payload.
    Pong(Vec<u8>),
    /// A Close with its code, if the payload had one.
    Close(Option<u16>),
}

/// A frame to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
    /// A Pong with this payload.
    Pong(Vec<u8>),
    /// A Close with this code.
    Close(u16),
}

/// What happens to the connection after the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Keep reading.
    Continue,
    /// The close handshake is done: close the TCP connection.
    CloseTcp,
}

/// One echo connection's state.
#[derive(Debug, Default)]
pub struct Echo {
    /// We have sent a Close (answering the client's, or on our own).
    pub close_sent: bool,
}

impl Echo {
    /// The frames to send for `event`, and what to do next.
    pub fn step(&mut self, event: In) -> (Vec<Out>, Next) {
        if self.close_sent {
            // §5.5.1: after sending a Close, send no more frames. A Close from
            // the peer now completes the handshake; everything else is dropped.
            return match event {
                In::Close(_) => (Vec::new(), Next::CloseTcp),
                _ => (Vec::new(), Next::Continue),
            };
        }
        match event {
            In::Text(t) => (vec![Out::Text(t)], Next::Continue),
            In::Binary(b) => (vec![Out::Binary(b)], Next::Continue),
            // §5.5.2: a Pong carries the Ping's payload.
            In::Ping(p) => (vec![Out::Pong(p)], Next::Continue),
            // §5.5.3: a Pong needs no answer.
            In::Pong(_) => (Vec::new(), Next::Continue),
            In::Close(code) => {
                // §5.5.1: echo the code; a Close without one is answered with 1000
                // (1005 "no code" may never be sent on the wire, §7.4.1).
                self.close_sent = true;
                (vec![Out::Close(code.unwrap_or(1000))], Next::CloseTcp)
            }
        }
    }
}
