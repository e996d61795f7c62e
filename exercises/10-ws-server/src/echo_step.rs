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
        // TODO: answer each kind of event; remember when a Close was sent.
        let _ = event;
        todo!("echo data, pong pings, answer a Close once, then CloseTcp")
    }
}
