//! One WebSocket connection on the loop: the protocol's half, written once.
//!
//! Everything RFC 6455 asks of a server connection after the 101 lives here,
//! so that every server in the book — this chapter's echo and chat, the
//! showdown's `/ws` (chapter 13), and the chapters after it — runs the same
//! code: chapter 9's [`Receiver`] decodes the frames and enforces every rule a
//! receiver must; this type answers what the protocol answers by itself and
//! hands the application only whole data messages.
//!
//! | the peer sends | [`WebSocket::read`] does | the application sees |
//! |---|---|---|
//! | a data message | nothing | [`Read::Message`] |
//! | Ping | a Pong with the same payload, at once (§5.5.2) | [`Read::Handled`] |
//! | Pong | the peer is alive (heartbeat) | [`Read::Handled`] |
//! | Close | Close back with the peer's code (or 1000), then our FIN (§5.5.1, §7.1.1) | [`Read::Ended`] |
//! | a violation | Close with its code (1002, 1007, 1009), then FIN (§7.1.7) | [`Read::Ended`] |
//!
//! # A connection's life, as one enum
//!
//! ```text
//!            our close(code)                   the peer's Close, or close_wait passes
//!   Open ─────────────────────▶ CloseSent ─────────────────────────────────────▶ Done
//!     │  the peer's Close, a violation, no Pong in time (a drop), EOF, end_now(code) ▲
//!     └──────────────────────────────────────────────────────────────────────────────┘
//! ```
//!
//! After sending a Close we send no more data (§5.5.1): messages that still
//! arrive are read and dropped, pings go unanswered. In `Done` the loop is
//! flushing what is queued and closing TCP; nothing more is read or sent.
//!
//! The application drives it with a small loop (see `crate::ws` for the echo
//! and the chat, and chapter 13's `ws.rs`):
//!
//! ```text
//!   loop match socket.read(settings, link, &mut input[at..]):
//!       Message { used, kind, payload } → at += used; act on it (socket.send ...)
//!       Handled { used }                → at += used
//!       Drained                         → stop: all of input is consumed
//!       Ended(why)                      → stop: forget the connection (leave the chat)
//! ```

use std::borrow::Cow;
use std::time::{Duration, Instant};

use crate::link::Link;
use ch01_tcp::trace::Trace;
use ch09_ws_frames::close::NORMAL;
use ch09_ws_frames::explain::{describe, summary};
use ch09_ws_frames::{Event, Limits, MessageKind, OpCode, Receiver, Role, Violation};

use crate::heartbeat::{Beat, Heartbeat};
use crate::send::{send_close, send_frame};

// ANCHOR: settings
/// What every WebSocket connection of a server runs under. Copied, never
/// stored per connection: a connection keeps only its own state.
#[derive(Debug, Clone, Copy)]
pub struct WsSettings {
    /// Message size and fragment count limits (chapter 9; over them: Close 1009).
    pub limits: Limits,
    /// Ping a peer we have not heard from for this long.
    pub ping_interval: Duration,
    /// Close a peer that does not answer a ping (with any pong) within this long.
    pub pong_timeout: Duration,
    /// After we send a Close, how long we wait for the peer's Close before we
    /// close TCP anyway (RFC 6455 §7.1.1 leaves the wait to us).
    pub close_wait: Duration,
    /// `--trace`: every frame decoded.
    pub trace: Trace,
}
// ANCHOR_END: settings

impl Default for WsSettings {
    /// Limits that allow Autobahn's 16 MiB and 65,536-fragment messages; a
    /// Ping after 30 s of quiet, 10 s for its Pong; 5 s for the peer's Close.
    fn default() -> WsSettings {
        WsSettings {
            limits: Limits::default(),
            ping_interval: Duration::from_secs(30),
            pong_timeout: Duration::from_secs(10),
            close_wait: Duration::from_secs(5),
            trace: Trace::new(false),
        }
    }
}

/// Where the connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Messages flow both ways.
    Open,
    /// We sent a Close and wait for the peer's until this time.
    CloseSent { until: Instant },
    /// Both Closes are done, or the connection failed: the loop is closing TCP.
    Done,
}

// ANCHOR: websocket
/// One WebSocket connection's protocol state. Idle, it owns no heap memory:
/// the receiver allocates only while a message is partial, and input is
/// decoded where the loop read it (its one shared read buffer).
pub struct WebSocket {
    rx: Receiver,
    heartbeat: Heartbeat,
    state: State,
}
// ANCHOR_END: websocket

/// What one call of [`WebSocket::read`] found.
pub enum Read<'a> {
    /// A whole data message for the application (text is valid UTF-8). The
    /// next call starts `used` bytes further on.
    Message {
        /// Bytes of input this call consumed.
        used: usize,
        /// Text or binary.
        kind: MessageKind,
        /// The payload, borrowed from the input when it arrived in one piece.
        payload: Cow<'a, [u8]>,
    },
    /// A control frame answered here, or a message dropped while closing:
    /// nothing for the application; call again `used` bytes further on.
    Handled {
        /// Bytes of input this call consumed.
        used: usize,
    },
    /// All of the input is consumed (a partial frame is kept inside).
    Drained,
    /// The connection is over for the application: forget it (leave a chat,
    /// unpark from a feed). Ignore the rest of the input.
    Ended(Ending),
}

/// Why a connection ended, for the application (a chat says "left (why)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The peer sent a Close (code, if any); ours answered it.
    PeerClosed(Option<u16>),
    /// The peer broke a rule: we sent Close with this code (§7.1.7).
    Violation(u16),
    /// No Pong in time: the peer is presumed gone.
    TimedOut,
    /// TCP ended without a Close frame (1006, "abnormal closure", §7.1.5).
    Lost,
    /// We closed it ourselves ([`WebSocket::close`], [`WebSocket::end_now`]).
    ClosedByUs,
}

impl Ending {
    /// A few words for a chat notice: empty for an orderly close.
    pub fn reason(&self) -> &'static str {
        match self {
            Ending::PeerClosed(_) | Ending::ClosedByUs => "",
            Ending::Violation(_) => "protocol error",
            Ending::TimedOut => "timed out",
            Ending::Lost => "connection lost",
        }
    }
}

impl WebSocket {
    /// The 101 was just queued: start speaking WebSocket, with the heartbeat's
    /// first deadline as the connection's timer.
    pub fn start(s: &WsSettings, link: &mut impl Link) -> WebSocket {
        let heartbeat = Heartbeat::new(link.now());
        link.set_timer(Some(heartbeat.deadline(s.ping_interval, s.pong_timeout)));
        WebSocket {
            rx: Receiver::with_limits(Role::Server, s.limits),
            heartbeat,
            state: State::Open,
        }
    }

    /// Heap bytes held now (0 when idle).
    pub fn heap_bytes(&self) -> usize {
        self.rx.heap_bytes()
    }

    /// Whether data may still be sent: no Close has been sent yet.
    pub fn is_open(&self) -> bool {
        self.state == State::Open
    }

    // ANCHOR: read
    /// Decodes frames from the front of `input` until one means something to
    /// the application, and answers the rest itself; see [`Read`]. Chapter 9
    /// unmasks in place, right in the loop's own buffer: the loop hands it to
    /// us mutable, and the caller consumes all of it (the receiver keeps what
    /// it needs of a partial frame), so no byte we change is offered again.
    pub fn read<'a>(
        &mut self,
        s: &WsSettings,
        link: &mut impl Link,
        input: &'a mut [u8],
    ) -> Read<'a> {
        if self.state == State::Done {
            return Read::Drained; // the loop is closing: nothing more is read
        }
        self.heartbeat.heard(link.now());
        let (trace, peer) = (s.trace, link.peer());
        let fed = if trace.enabled() {
            let mut on_frame = |h: &_| trace.annotated("<-", peer, format!("frame {}", summary(h)));
            self.rx.feed_with(input, &mut on_frame)
        } else {
            self.rx.feed(input)
        };
        let (used, event) = match fed {
            Ok((_, None)) => return Read::Drained, // everything consumed; more bytes needed
            Ok((used, Some(event))) => (used, event),
            Err(violation) => return Read::Ended(self.fail(s, link, &violation)),
        };
        if trace.enabled() {
            trace.annotated("<-", peer, describe(&event));
        }
        match event {
            // §5.5.1: after our Close, data is read and dropped.
            Event::Message { .. } if self.state != State::Open => Read::Handled { used },
            Event::Message { kind, payload } => Read::Message {
                used,
                kind,
                payload,
            },
            Event::Ping(payload) => {
                // §5.5.2: a Pong "as soon as practical", with the Ping's payload.
                self.send(s, link, OpCode::Pong, &payload);
                Read::Handled { used }
            }
            Event::Pong(_) => {
                self.heartbeat.pong(link.now());
                if self.state == State::Open {
                    link.set_timer(Some(
                        self.heartbeat.deadline(s.ping_interval, s.pong_timeout),
                    ));
                }
                Read::Handled { used }
            }
            Event::Close(frame) => {
                if self.state == State::Open {
                    // §5.5.1: answer with a Close; echo the code (none → 1000).
                    send_close(link, trace, frame.code.unwrap_or(NORMAL), "");
                }
                // Both Closes are sent: the server closes TCP first (§7.1.1), so the
                // client's side does not sit in TIME_WAIT. The loop flushes, then FINs.
                self.finish(link);
                Read::Ended(Ending::PeerClosed(frame.code))
            }
        }
    }
    // ANCHOR_END: read

    /// Queues one data or control frame, if no Close was sent yet (§5.5.1).
    pub fn send(&mut self, s: &WsSettings, link: &mut impl Link, opcode: OpCode, payload: &[u8]) {
        if self.state == State::Open {
            send_frame(link, s.trace, opcode, payload);
        }
    }

    // ANCHOR: close
    /// Starts the close handshake ourselves: Close now, then wait (a while)
    /// for the peer's Close before closing TCP. The caller forgets the
    /// connection now ([`Ending::ClosedByUs`]).
    pub fn close(&mut self, s: &WsSettings, link: &mut impl Link, code: u16, reason: &str) {
        if self.state != State::Open {
            return;
        }
        send_close(link, s.trace, code, reason);
        let until = link.now() + s.close_wait;
        self.state = State::CloseSent { until };
        link.set_timer(Some(until));
    }

    /// Close with `code`, then close TCP without waiting for the peer's Close:
    /// for a peer that cannot be waited for (a slow consumer, one presumed
    /// gone). What is queued before the Close is still flushed.
    pub fn end_now(&mut self, s: &WsSettings, link: &mut impl Link, code: u16, reason: &str) {
        if self.state == State::Open {
            send_close(link, s.trace, code, reason);
        }
        self.finish(link);
    }

    /// _Fail the WebSocket Connection_ (§7.1.7): Close with the violation's
    /// code, then close TCP without waiting; the stream cannot be trusted.
    fn fail(&mut self, s: &WsSettings, link: &mut impl Link, violation: &Violation) -> Ending {
        let code = violation.close_code();
        s.trace.note(
            link.peer(),
            format!("protocol violation: {violation}; Close {code}"),
        );
        self.end_now(s, link, code, &violation.to_string());
        Ending::Violation(code)
    }
    // ANCHOR_END: close

    fn finish(&mut self, link: &mut impl Link) {
        self.state = State::Done;
        link.close();
    }

    // ANCHOR: on_timer
    /// The one timer: the close wait while closing, the heartbeat otherwise.
    /// `Some` when the connection ended now.
    pub fn on_timer(&mut self, s: &WsSettings, link: &mut impl Link) -> Option<Ending> {
        let now = link.now();
        match self.state {
            State::Done => {
                // The loop's own close timeout normally drops us first.
                link.abort();
                None
            }
            State::CloseSent { until } if now >= until => {
                s.trace
                    .note(link.peer(), "no Close from the peer in time: closing TCP");
                self.finish(link);
                None // the application forgot it when it sent its Close
            }
            State::CloseSent { until } => {
                link.set_timer(Some(until));
                None
            }
            State::Open => match self
                .heartbeat
                .on_timer(now, s.ping_interval, s.pong_timeout)
            {
                Beat::Wait(at) => {
                    link.set_timer(Some(at));
                    None
                }
                Beat::Ping(payload, at) => {
                    send_frame(link, s.trace, OpCode::Ping, &payload);
                    link.set_timer(Some(at));
                    None
                }
                Beat::TimedOut => {
                    // A plain drop, no Close frame. 1001 "going away" would say
                    // the *server* is leaving; 1011 says it hit an internal
                    // error: neither is true. §7.1.7 lets an endpoint skip the
                    // Close when the peer is unlikely to receive and process it,
                    // and a peer that ignored our Ping for pong_timeout is that
                    // peer. A Close would also wait behind whatever is stuck in
                    // the queue; dropping frees the connection now. A peer that
                    // was only slow sees TCP end without a Close: 1006, abnormal
                    // closure (§7.1.5), which is what happened, and reconnects.
                    s.trace.note(
                        link.peer(),
                        "no Pong in time: the peer is presumed gone; dropping the connection (no Close)",
                    );
                    self.state = State::Done;
                    link.abort();
                    Some(Ending::TimedOut)
                }
            },
        }
    }
    // ANCHOR_END: on_timer

    /// TCP ended (the peer's FIN). `Some(Lost)` when no Close frame came first.
    pub fn on_eof(&mut self, s: &WsSettings, link: &mut impl Link) -> Option<Ending> {
        let lost = self.state == State::Open;
        if lost {
            s.trace
                .note(link.peer(), "TCP closed without a Close frame (1006)");
        }
        self.finish(link);
        lost.then_some(Ending::Lost)
    }
}
