//! API commands against the AC stand-in.
