//! The simulated taxi: a closed loop of waypoints around city blocks, driven at
//! a constant speed, its position interpolated along the segments.
//!
//! ```text
//!  (60,60) ───────────── (520,60) ────────── (940,60)
//!     │                      │                   │
//!     │      block           │      block        │
//!     │                   (520,300) ──────── (940,300)
//!  (60,540) ──────────── (300,540)                │
//!                            │                   │
//!                         (300,300)           (940,540) ... and back
//! ```
//!
//! The map is 1000 × 600 units; the page scales it to its canvas. Where the
//! taxi is depends only on the time since it started, so the publisher thread
//! can sample it at any rate without drifting.

use std::time::Duration;

/// The map's size in units: the page's canvases draw it scaled.
pub const MAP: (f64, f64) = (1000.0, 600.0);

/// A point on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Units from the left edge.
    pub x: f64,
    /// Units from the top edge.
    pub y: f64,
}

/// The default circuit: around a few blocks, every turn a right angle, back to the start.
pub const CIRCUIT: [Point; 10] = [
    Point { x: 60.0, y: 60.0 },
    Point { x: 520.0, y: 60.0 },
    Point { x: 940.0, y: 60.0 },
    Point { x: 940.0, y: 540.0 },
    Point { x: 700.0, y: 540.0 },
    Point { x: 700.0, y: 300.0 },
    Point { x: 520.0, y: 300.0 },
    Point { x: 300.0, y: 300.0 },
    Point { x: 300.0, y: 540.0 },
    Point { x: 60.0, y: 540.0 },
];

/// A closed route and a speed: where the taxi is at any time.
#[derive(Debug, Clone)]
pub struct Route {
    points: Vec<Point>,
    /// `cumulative[i]` = distance from `points[0]` to `points[i]` along the route;
    /// one more entry than points: the whole loop, back to the start.
    cumulative: Vec<f64>,
    speed: f64,
}

/// Why a route cannot be driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// Fewer than two waypoints: nowhere to go.
    TooFewPoints,
    /// All waypoints are the same place: the loop has no length.
    ZeroLength,
    /// The speed is not a positive, finite number.
    BadSpeed,
}

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RouteError::TooFewPoints => "a route needs at least two waypoints",
            RouteError::ZeroLength => "a route's waypoints must not all be the same point",
            RouteError::BadSpeed => "the speed must be a positive number",
        })
    }
}

impl std::error::Error for RouteError {}

fn distance(a: Point, b: Point) -> f64 {
    (b.x - a.x).hypot(b.y - a.y)
}

impl Route {
    /// A closed loop through `points` (the last joins the first), driven at
    /// `speed` units per second.
    pub fn new(points: &[Point], speed: f64) -> Result<Route, RouteError> {
        if points.len() < 2 {
            return Err(RouteError::TooFewPoints);
        }
        if !(speed.is_finite() && speed > 0.0) {
            return Err(RouteError::BadSpeed);
        }
        let mut cumulative = vec![0.0];
        for (i, &p) in points.iter().enumerate() {
            let next = points[(i + 1) % points.len()];
            let last = *cumulative.last().unwrap_or(&0.0);
            cumulative.push(last + distance(p, next));
        }
        if *cumulative.last().unwrap_or(&0.0) <= 0.0 {
            return Err(RouteError::ZeroLength);
        }
        Ok(Route {
            points: points.to_vec(),
            cumulative,
            speed,
        })
    }

    /// The default circuit at 150 units/s: about 20 seconds a lap.
    pub fn city() -> Route {
        Route::new(&CIRCUIT, 150.0).expect("the built-in circuit is valid")
    }

    /// The length of one lap, in units.
    pub fn length(&self) -> f64 {
        *self.cumulative.last().unwrap_or(&0.0)
    }

    /// The waypoints, in driving order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    // ANCHOR: position
    /// Where the taxi is `elapsed` after leaving the first waypoint.
    pub fn position(&self, elapsed: Duration) -> Point {
        // Distance driven, folded into one lap.
        let d = (elapsed.as_secs_f64() * self.speed) % self.length();
        // The segment holding `d`: the last waypoint whose distance is <= d.
        let i = match self.cumulative.partition_point(|&c| c <= d) {
            0 => 0,
            n => (n - 1).min(self.points.len() - 1),
        };
        let (a, b) = (self.points[i], self.points[(i + 1) % self.points.len()]);
        let seg = self.cumulative[i + 1] - self.cumulative[i];
        // Linear interpolation: the fraction of this segment already driven.
        let f = if seg > 0.0 {
            (d - self.cumulative[i]) / seg
        } else {
            0.0
        };
        Point {
            x: a.x + (b.x - a.x) * f,
            y: a.y + (b.y - a.y) * f,
        }
    }
    // ANCHOR_END: position

    /// The route as JSON for the page to draw:
    /// `{"w":1000,"h":600,"points":[[60,60],[520,60],…]}`.
    pub fn to_json(&self) -> String {
        let points: Vec<String> = self
            .points
            .iter()
            .map(|p| format!("[{},{}]", p.x, p.y))
            .collect();
        format!(
            "{{\"w\":{},\"h\":{},\"points\":[{}]}}",
            MAP.0,
            MAP.1,
            points.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, b: Point) -> bool {
        (a.x - b.x).abs() < 1e-6 && (a.y - b.y).abs() < 1e-6
    }

    #[test]
    fn a_square_is_driven_corner_to_corner() {
        let sq = [
            Point { x: 0.0, y: 0.0 },
            Point { x: 10.0, y: 0.0 },
            Point { x: 10.0, y: 10.0 },
            Point { x: 0.0, y: 10.0 },
        ];
        let r = Route::new(&sq, 10.0).unwrap();
        assert_eq!(r.length(), 40.0);
        let at = |s: f64| r.position(Duration::from_secs_f64(s));
        assert!(close(at(0.0), sq[0]));
        assert!(close(at(0.5), Point { x: 5.0, y: 0.0 }));
        assert!(close(at(1.0), sq[1]));
        assert!(close(at(2.5), Point { x: 5.0, y: 10.0 }));
        assert!(close(at(3.5), Point { x: 0.0, y: 5.0 }));
        // A lap later, the same place.
        assert!(close(at(4.5), at(0.5)));
        assert_eq!(
            r.to_json(),
            r#"{"w":1000,"h":600,"points":[[0,0],[10,0],[10,10],[0,10]]}"#
        );
    }

    #[test]
    fn the_city_stays_on_the_map() {
        let r = Route::city();
        for ms in (0..60_000).step_by(37) {
            let p = r.position(Duration::from_millis(ms));
            assert!(
                (0.0..=MAP.0).contains(&p.x) && (0.0..=MAP.1).contains(&p.y),
                "{p:?}"
            );
        }
    }

    #[test]
    fn bad_routes_are_refused() {
        let p = Point { x: 1.0, y: 1.0 };
        assert_eq!(Route::new(&[p], 1.0).unwrap_err(), RouteError::TooFewPoints);
        assert_eq!(
            Route::new(&[p, p], 1.0).unwrap_err(),
            RouteError::ZeroLength
        );
        assert_eq!(
            Route::new(&CIRCUIT, f64::NAN).unwrap_err(),
            RouteError::BadSpeed
        );
    }
}
