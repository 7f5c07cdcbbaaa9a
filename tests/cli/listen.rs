//! `acwh listen` end to end over loopback.
