//! The terminal floor for benches/terminal.sh: bare-hyper that also writes a fixed block of
//! bytes (acwh's own rendering of the delivery, captured by the script) to stdout with one
//! `write` per request, before it answers. Behind a terminal, its throughput is what the
//! terminal allows; acwh's, against it, is what acwh adds.
//!
//! Usage: bare-writer PORT BLOCK_FILE
//! Prints `Listening on http://127.0.0.1:PORT` on stderr once bound.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args
        .next()
        .map(|p| p.parse().expect("PORT must be a number"))
        .unwrap_or(0);
    let block = std::fs::read(args.next().expect("BLOCK_FILE")).expect("read BLOCK_FILE");
    let block: Arc<[u8]> = block.into();
    let out = Arc::new(Mutex::new(std::io::stdout()));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .expect("bind 127.0.0.1");
        eprintln!("Listening on http://{}", listener.local_addr().unwrap());
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(pair) => pair,
                Err(_) => continue,
            };
            let _ = stream.set_nodelay(true);
            let (block, out) = (block.clone(), out.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let (block, out) = (block.clone(), out.clone());
                    async move {
                        let _body = req.into_body().collect().await.map(|c| c.to_bytes());
                        // One write of the whole block, as acwh's printer does per batch.
                        if let Ok(out) = out.lock() {
                            let mut lock = out.lock();
                            let _ = lock.write_all(&block).and_then(|()| lock.flush());
                        }
                        Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"ok"))))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
