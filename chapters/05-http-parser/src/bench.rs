//! Measuring (filled in below).
