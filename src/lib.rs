//! acwh: ActiveCampaign webhooks from the terminal. The binary is a thin `main` over this
//! library, so that tests and benches can reach the catcher's decoder and the AC stand-in.

pub mod api;
pub mod capture;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod context;
pub mod error;
pub mod escape;
pub mod events;
pub mod form;
pub mod fsutil;
pub mod httpd;
pub mod listen;
pub mod manifest;
pub mod output;
pub mod prompt;
pub mod samples;
pub mod sandbox;
pub mod validate;
