//! The tiny_http floor for benches/listen.sh: tiny_http 0.12 with 2 handler threads that
//! share one `Server` and call `recv()`. Each reads the whole body and answers 200 "ok".
//! Connections themselves are read by tiny_http's own internal task pool, left at its
//! default (it starts 4 threads and adds one per busy connection).
//!
//! Usage: bare-tiny-http [PORT]   (default 0: pick a free port)
//! Prints `Listening on http://127.0.0.1:PORT` on stderr once bound.

use std::sync::Arc;

const HANDLERS: usize = 2;

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .map(|p| p.parse().expect("PORT must be a number"))
        .unwrap_or(0);
    let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port)).expect("bind 127.0.0.1"));
    let addr = server
        .server_addr()
        .to_ip()
        .expect("a TCP listener has an IP address");
    eprintln!("Listening on http://{addr}");
    let handlers: Vec<_> = (0..HANDLERS)
        .map(|_| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                let mut body = Vec::with_capacity(4096);
                loop {
                    let mut req = match server.recv() {
                        Ok(req) => req,
                        Err(_) => continue,
                    };
                    body.clear();
                    let _ = req.as_reader().read_to_end(&mut body);
                    let _ = req.respond(tiny_http::Response::from_string("ok"));
                }
            })
        })
        .collect();
    for h in handlers {
        let _ = h.join();
    }
}
