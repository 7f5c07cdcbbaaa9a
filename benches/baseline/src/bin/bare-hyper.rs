//! The hyper floor for benches/listen.sh: hyper 1 (http1 only) on tokio multi-thread with
//! 2 workers. Reads each whole body (http-body-util collect), answers 200 "ok". Nothing else:
//! no timeouts, no logging. TCP_NODELAY is set, as acwh's server does.
//!
//! Usage: bare-hyper [PORT]   (default 0: pick a free port)
//! Prints `Listening on http://127.0.0.1:PORT` on stderr once bound.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

async fn handle(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    // Read the whole body, as the catcher must; a broken body still gets an answer.
    let _body = req.into_body().collect().await.map(|c| c.to_bytes());
    Ok(Response::new(Full::new(Bytes::from_static(b"ok"))))
}

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .map(|p| p.parse().expect("PORT must be a number"))
        .unwrap_or(0);
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
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(handle))
                    .await;
            });
        }
    });
}
