//! `tiltak serve`: [`watch`](mod@crate::watch) plus a web server on 127.0.0.1 that serves the
//! output folder, so a publisher sees the site as it will be published and sees it follow
//! each change without pressing reload.
//!
//! After each successful rebuild every open page reloads itself; after a failed one it shows
//! the build's error over the page (the same text `tiltak build` prints), while the folder
//! keeps the last good site. This takes a small script, which is added to HTML responses as
//! they are served: the files on disk, which are what gets published, never hold it.
//!
//! The script long-polls [`EVENTS_PATH`]: a request waits until the build's state differs
//! from the one the page knows (or 20 seconds pass), then answers with the new state as JSON.
//! Long polling needs nothing but plain requests, and a page whose server went away simply
//! retries until one answers again.
//!
//! Only requests addressed to the server by the name it listens on (`127.0.0.1:PORT` or
//! `localhost:PORT` in `Host`) are answered; others get 421. Listening on 127.0.0.1 keeps
//! other machines out, but not a web page open in the publisher's own browser whose name
//! its owner points at 127.0.0.1 once it has loaded: that page could otherwise read the
//! unpublished site.
//!
//! The server is hyper on a single-threaded tokio runtime of its own thread. It runs on the
//! publisher's machine next to their browser, so it has to hold up against whatever a local
//! program or a web page makes it receive, which a minimal blocking server (tiny_http, used
//! before) cannot do: that one has no limit on the size of a request's head, no timeout for
//! a request that is sent half-way, and stops accepting connections for good after one
//! failed `accept` (as when the process runs out of file descriptors). Here a head over
//! 16 KiB is answered 431, a connection that has not sent a whole head within 10 seconds is
//! closed, and a failed `accept` is logged on stderr and retried after 100 ms.

use crate::build::Config;
use crate::watch::{self, Rebuild, Stopper, Watch, WatchError};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::fs;
use std::future::Future;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

/// The address of the live-reload endpoint: `GET /__tiltak/events?since=TOKEN` answers
/// `{"token": …, "error": …}` as soon as the build state differs from `TOKEN`. Under a name
/// no page of the site can have.
pub const EVENTS_PATH: &str = "/__tiltak/events";

/// How long a long-poll request is held before it is answered with an unchanged state;
/// below the usual idle timeouts of browsers and proxies.
const LONG_POLL: Duration = Duration::from_secs(20);

const TEXT: &str = "text/plain; charset=utf-8";

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken, or not ours to listen on.
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// What the system said.
        message: String,
    },
    /// The server's thread or its event loop could not be set up (the system is out of
    /// threads or file descriptors).
    #[error("cannot start the web server: {message}")]
    Start {
        /// What the system said.
        message: String,
    },
    /// The watch could not start.
    #[error(transparent)]
    Watch(#[from] WatchError),
}

/// What one client may take of the server. The defaults suit a browser on the same machine;
/// tests lower the timeout so that a closed connection shows within a test's time.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long the head of a request (request line and headers) may take to arrive, from
    /// the moment the server starts reading it; a connection that has not sent a whole head
    /// by then, an idle kept-alive one included, is closed. Without it a client that sends
    /// a byte now and then holds its connection forever.
    pub header_read_timeout: Duration,
    /// The largest request head taken, in bytes; a larger one is answered 431 and its
    /// connection closed, so a client cannot make the server buffer without end.
    pub max_header_size: usize,
    /// How long the server waits after a failed `accept` before it tries again: the failure
    /// (most often too many open files) usually lasts a while, and retrying at once would
    /// spin the processor and flood the log.
    pub accept_pause: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            max_header_size: 16 * 1024,
            accept_pause: Duration::from_millis(100),
        }
    }
}

/// A running `serve`: a [`Watch`] and the web server that shows its output folder.
pub struct Serve {
    watch: Watch,
    server: Server,
}

impl Serve {
    /// Starts the server on 127.0.0.1:`port` (0 picks a free port; see [`Serve::port`]),
    /// then the watch, which builds the site at once. `on_rebuild` is called after each
    /// build, once the open pages have been told.
    pub fn start(
        config: Config,
        port: u16,
        options: watch::Options,
        on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Serve, ServeError> {
        Serve::start_with_limits(config, port, options, Limits::default(), on_rebuild)
    }

    /// [`Serve::start`] with other [`Limits`] than the defaults.
    #[doc(hidden)]
    pub fn start_with_limits(
        config: Config,
        port: u16,
        options: watch::Options,
        limits: Limits,
        mut on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Serve, ServeError> {
        let server = Server::start(config.out_dir.clone(), port, &limits)?;
        let live = Arc::clone(&server.live);
        let watch = Watch::start(config, options, move |rebuild| {
            live.publish(rebuild);
            on_rebuild(rebuild);
        })?;
        Ok(Serve { watch, server })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port())
    }

    /// A handle that stops the watch, for a Ctrl-C handler; [`Serve::wait`] then returns.
    pub fn stopper(&self) -> Stopper {
        self.watch.stopper()
    }

    /// Stops the watch (after the build in progress) and the server.
    pub fn stop(self) {
        self.watch.stop();
        drop(self.server);
    }

    /// Waits until the watch is stopped through a [`Stopper`], then stops the server.
    pub fn wait(self) {
        self.watch.wait();
        drop(self.server);
    }
}

/// The web server: one thread running an event loop that accepts connections and serves
/// each as a task (a long poll waits without holding a thread; files are read on tokio's
/// blocking pool so a slow disk does not hold up the others). Stopped on drop.
struct Server {
    live: Arc<Live>,
    port: u16,
    thread: Option<JoinHandle<()>>,
}

/// What every connection needs: the folder, the build state, and who the server is.
struct Site {
    root: PathBuf,
    live: Arc<Live>,
    /// The port the server listens on, which a request's `Host` must name.
    port: u16,
    /// The HTTP/1 settings, with the [`Limits`] in them.
    http: http1::Builder,
}

impl Site {
    fn new(root: PathBuf, port: u16, limits: &Limits) -> Site {
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .max_header_size(limits.max_header_size);
        Site {
            root,
            live: Arc::new(Live::new()),
            port,
            http,
        }
    }
}

/// Where connections come from: the listener, or in tests one whose `accept` fails on
/// purpose.
trait Incoming: Send + 'static {
    fn accept(&mut self) -> impl Future<Output = io::Result<TcpStream>> + Send;
}

impl Incoming for TcpListener {
    async fn accept(&mut self) -> io::Result<TcpStream> {
        TcpListener::accept(self).await.map(|(stream, _)| stream)
    }
}

/// Binds 127.0.0.1:`port` at once, so a taken port is an error of [`Serve::start`], and
/// sets up the event loop that will serve it.
fn listen(port: u16) -> Result<(Runtime, TcpListener, u16), ServeError> {
    let bind = |error: io::Error| ServeError::Bind {
        port,
        message: error.to_string(),
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(bind)?;
    listener.set_nonblocking(true).map_err(bind)?;
    let port = listener.local_addr().map_err(bind)?.port();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|error| ServeError::Start {
            message: error.to_string(),
        })?;
    let listener = {
        let _inside = runtime.enter();
        TcpListener::from_std(listener).map_err(bind)?
    };
    Ok((runtime, listener, port))
}

impl Server {
    fn start(root: PathBuf, port: u16, limits: &Limits) -> Result<Server, ServeError> {
        let (runtime, listener, port) = listen(port)?;
        let site = Site::new(root, port, limits);
        Server::run(runtime, listener, site, limits.accept_pause, io::stderr())
    }

    /// Starts the server's thread, which accepts connections from `incoming` until the
    /// server is dropped, and writes a line to `log` for each `accept` that fails.
    fn run(
        runtime: Runtime,
        incoming: impl Incoming,
        site: Site,
        accept_pause: Duration,
        log: impl Write + Send + 'static,
    ) -> Result<Server, ServeError> {
        let site = Arc::new(site);
        let (live, port) = (Arc::clone(&site.live), site.port);
        let mut stopping = live.state.subscribe();
        let thread = std::thread::Builder::new()
            .name("tiltak serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let accepting = tokio::spawn(accept_loop(incoming, site, accept_pause, log));
                    // Only an error if the state is gone, which it is not while `live` is.
                    let _ = stopping.wait_for(|state| state.stopping).await;
                    accepting.abort();
                });
                // Ends the connections still open (the pages retry until a server answers).
                drop(runtime);
            })
            .map_err(|error| ServeError::Start {
                message: error.to_string(),
            })?;
        Ok(Server {
            live,
            port,
            thread: Some(thread),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.live.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections and serves each on a task of its own. A failed `accept` does not end
/// the loop: the server would otherwise stay up yet never answer again.
async fn accept_loop(
    mut incoming: impl Incoming,
    site: Arc<Site>,
    pause: Duration,
    mut log: impl Write,
) {
    loop {
        match incoming.accept().await {
            Ok(stream) => {
                tokio::spawn(connection(stream, Arc::clone(&site)));
            }
            Err(error) => {
                accept_failed(&mut log, &error, pause);
                tokio::time::sleep(pause).await;
            }
        }
    }
}

/// The line logged for a failed `accept`, which the loop follows with a pause of `pause`.
fn accept_failed(log: &mut impl Write, error: &io::Error, pause: Duration) {
    // Nothing better to do when the log cannot be written either.
    let _ = writeln!(
        log,
        "tiltak serve: cannot accept a connection ({error}); trying again in {} ms",
        pause.as_millis()
    );
}

/// Serves one connection until the client closes it, breaks a limit, or the server stops.
async fn connection(stream: TcpStream, site: Arc<Site>) {
    // Small responses go out at once instead of waiting for more to send.
    let _ = stream.set_nodelay(true);
    let service = {
        let site = Arc::clone(&site);
        service_fn(move |request| {
            let site = Arc::clone(&site);
            async move { Ok::<_, Infallible>(respond(request, site).await) }
        })
    };
    // A connection that ends in an error (a timeout, a broken head, a client gone) has been
    // answered as well as it can be; there is nobody to tell.
    let _ = site
        .http
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// The state of the builds as the open pages see it.
struct Live {
    /// Tells this run of `serve` from an earlier one, so a page reloads after a restart.
    session: String,
    /// The state, which long polls and the accept loop wait on.
    state: tokio::sync::watch::Sender<LiveState>,
}

#[derive(Debug, Clone)]
struct LiveState {
    /// The number of builds so far.
    builds: u64,
    /// The rendered error of the last build, when it failed.
    error: Option<String>,
    /// Whether the server is stopping, which ends the accept loop.
    stopping: bool,
}

impl Live {
    fn new() -> Live {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let (state, _) = tokio::sync::watch::channel(LiveState {
            builds: 0,
            error: None,
            stopping: false,
        });
        Live {
            session: format!("{:x}", started.as_millis()),
            state,
        }
    }

    fn publish(&self, rebuild: &Rebuild) {
        let error = rebuild.result.as_ref().err().map(|e| e.render());
        self.state.send_modify(|state| {
            state.builds += 1;
            state.error = error;
        });
    }

    fn stop(&self) {
        self.state.send_modify(|state| state.stopping = true);
    }

    fn token(&self, state: &LiveState) -> String {
        format!("{}-{}", self.session, state.builds)
    }

    /// The state as JSON; `<` is escaped so the text can sit inside a `<script>`.
    fn json(&self, state: &LiveState) -> String {
        serde_json::json!({ "token": self.token(state), "error": state.error })
            .to_string()
            .replace('<', "\\u003c")
    }

    fn current(&self) -> String {
        let state = self.state.borrow().clone();
        self.json(&state)
    }

    /// Waits until the state's token differs from `since` or `timeout` passes; returns the
    /// state then. (A stopping server ends the wait by ending the connection.)
    async fn wait_for_change(&self, since: &str, timeout: Duration) -> String {
        let mut changes = self.state.subscribe();
        let changed = changes.wait_for(|state| self.token(state) != since);
        // Both a timeout and a change end in the same answer: the state as it is now.
        let _ = tokio::time::timeout(timeout, changed).await;
        self.current()
    }

    /// The script added to every HTML response, holding the state the page was served with.
    fn script(&self) -> String {
        RELOAD_SCRIPT.replace("STATE", &self.current())
    }
}

/// Reloads the page after each successful build, shows the error over the page after a
/// failed one, and keeps asking (once a second) while the server is away.
const RELOAD_SCRIPT: &str = r#"<script>/* added by `tiltak serve` for live reload; not part of the published site */
(function () {
  var state = STATE;
  function overlay(error) {
    var box = document.getElementById("tiltak-serve-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "tiltak-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:#fff;color:#7a1010;border:6px solid #7a1010;font:14px/1.45 ui-monospace,monospace";
      (document.body || document.documentElement).appendChild(box);
    }
    box.textContent = "";
    var head = document.createElement("p");
    head.style.fontWeight = "bold";
    head.textContent = "tiltak serve: the rebuild failed. The site keeps the last good build until the content is fixed.";
    var text = document.createElement("pre");
    text.style.whiteSpace = "pre-wrap";
    text.textContent = error;
    box.appendChild(head);
    box.appendChild(text);
  }
  function poll() {
    fetch("/__tiltak/events?since=" + encodeURIComponent(state.token), { cache: "no-store" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (next) {
        if (next.token !== state.token) {
          if (!next.error) { location.reload(); return; }
          state = next;
          overlay(next.error);
        }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  overlay(state.error);
  poll();
})();
</script>
"#;

type Reply = Response<Full<Bytes>>;

/// Answers one request. Every answer, refusals included, carries `Cache-Control: no-store`,
/// so a reload always shows the newest build, and `X-Content-Type-Options: nosniff`, so a
/// browser takes a file for what its content type says and nothing else.
async fn respond<B>(request: Request<B>, site: Arc<Site>) -> Reply {
    let mut reply = answer(request, site).await;
    let headers = reply.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    reply
}

async fn answer<B>(request: Request<B>, site: Arc<Site>) -> Reply {
    if let Err(why) = addressed_here(&request, site.port) {
        let port = site.port;
        return reply(
            StatusCode::MISDIRECTED_REQUEST,
            TEXT,
            format!(
                "tiltak serve answers only requests addressed to 127.0.0.1:{port} or \
                 localhost:{port}: {why}\n"
            ),
        );
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut refused = reply(StatusCode::METHOD_NOT_ALLOWED, TEXT, "only GET and HEAD\n");
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return refused;
    }
    // hyper leaves the body out of the answer to HEAD, and keeps its length.
    let path = request.uri().path().to_string();
    if path == EVENTS_PATH {
        let since = request.uri().query().and_then(since);
        let state = match since {
            Some(since) => site.live.wait_for_change(&since, LONG_POLL).await,
            None => site.live.current(),
        };
        return reply(StatusCode::OK, "application/json", state);
    }
    let site = Arc::clone(&site);
    tokio::task::spawn_blocking(move || file(&path, &site.root, &site.live))
        .await
        .unwrap_or_else(|_| {
            reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                TEXT,
                "the file could not be read\n",
            )
        })
}

/// The token of `since=TOKEN` in a query.
fn since(query: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|token| percent_decode(token).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Whether a request is addressed to this server by name, or why not.
///
/// The server listens on 127.0.0.1 only, yet a web page can still reach it: a page whose
/// host name its owner points at 127.0.0.1 after it has loaded (DNS rebinding) may read
/// whatever answers there as if it were its own site, the unpublished site included. The
/// browser still sends that page's own name as `Host`, so answering only requests whose
/// `Host` names the address the server listens on shuts such pages out.
fn addressed_here<B>(request: &Request<B>, port: u16) -> Result<(), &'static str> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host,
        (None, _) => return Err("the request has no Host header"),
        (Some(_), Some(_)) => return Err("the request has more than one Host header"),
    };
    if !is_local_host(host.as_bytes(), port) {
        return Err("the request is for another host");
    }
    // A request line may name the host as well (`GET http://host/ HTTP/1.1`), which then
    // counts instead of the header.
    if let Some(authority) = request.uri().authority() {
        if !is_local_host(authority.as_str().as_bytes(), port) {
            return Err("the request is for another host");
        }
    }
    Ok(())
}

/// Whether `host`, as sent in a `Host` header, is `127.0.0.1:PORT` or `localhost:PORT` (the
/// port may be left out only when it is 80, as browsers do).
fn is_local_host(host: &[u8], port: u16) -> bool {
    let Ok(host) = std::str::from_utf8(host) else {
        return false;
    };
    let (name, given) = match host.rsplit_once(':') {
        Some((name, given)) => (name, Some(given)),
        None => (host, None),
    };
    let port_matches = match given {
        Some(given) => given == port.to_string(),
        None => port == 80,
    };
    port_matches && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Serves a file of the output folder: `index.html` for a folder, the site's `404.html`
/// for anything else. Only files inside the folder are served: a path with `..` is refused,
/// and a symbolic link that leads out of the folder is not followed.
fn file(url_path: &str, root: &Path, live: &Live) -> Reply {
    let Some(segments) = segments(url_path) else {
        return not_found(root, live);
    };
    let mut path = root.to_path_buf();
    path.extend(&segments);
    if path.is_dir() {
        if !url_path.ends_with('/') {
            // Relative links on the folder's index page resolve against the folder only when
            // its address ends with `/`.
            return match folder_location(url_path) {
                Some(location) => {
                    let mut moved = reply(StatusCode::MOVED_PERMANENTLY, TEXT, Vec::new());
                    moved.headers_mut().insert(header::LOCATION, location);
                    moved
                }
                None => not_found(root, live),
            };
        }
        path.push("index.html");
    }
    let inside = match (fs::canonicalize(&path), fs::canonicalize(root)) {
        (Ok(file), Ok(root)) => file.starts_with(root) && file.is_file(),
        _ => false,
    };
    if !inside {
        return not_found(root, live);
    }
    match fs::read(&path) {
        Ok(bytes) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                inject(bytes, live)
            } else {
                bytes
            };
            reply(StatusCode::OK, kind, bytes)
        }
        _ => not_found(root, live),
    }
}

/// Where a folder's address without its final `/` is redirected: the same path with it,
/// always on this server (a path that starts with `//` would otherwise name another host).
fn folder_location(url_path: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("/{}/", url_path.trim_start_matches('/'))).ok()
}

fn not_found(root: &Path, live: &Live) -> Reply {
    let page = fs::read(root.join("404.html")).unwrap_or_else(|_| {
        // No site yet (the first build failed or is running): a page that still reloads
        // and shows the error.
        b"<!doctype html><html lang=\"en\"><title>Not found</title><body><p>Not found.</p></body></html>".to_vec()
    });
    reply(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        inject(page, live),
    )
}

/// Adds the live-reload script before `</body>`, or at the end when there is none.
fn inject(mut html: Vec<u8>, live: &Live) -> Vec<u8> {
    let script = live.script();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

/// The decoded segments of a URL path; `None` for one that could leave the folder.
fn segments(url_path: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    for raw in url_path.split('/').filter(|s| !s.is_empty()) {
        let segment = String::from_utf8(percent_decode(raw).ok()?).ok()?;
        if segment == "." {
            continue;
        }
        if segment == ".." || segment.contains(['/', '\\', '\0']) || segment.contains(':') {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

fn percent_decode(text: &str) -> Result<Vec<u8>, ()> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(())?;
            let hex = std::str::from_utf8(hex).map_err(|_| ())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// The content type by extension, for every kind of file the site has.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A response with its content type; [`respond`] adds the headers that every response has.
fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Reply {
    let mut reply = Response::new(Full::new(body.into()));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::Mutex;

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        assert_eq!(
            segments("/fylker/oslo.html"),
            Some(vec!["fylker".into(), "oslo.html".into()])
        );
        assert_eq!(segments("/a/./b"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(
            segments("/fylker/m%C3%B8re.html"),
            Some(vec!["fylker".into(), "møre.html".into()])
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/a%2F..%2F..%2Fb",
            "/a%5c..",
            "/%zz",
            "/c:/x",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_folder_is_redirected_on_this_server_only() {
        assert_eq!(folder_location("/fylker").unwrap(), "/fylker/");
        assert_eq!(folder_location("//evil.example").unwrap(), "/evil.example/");
        assert_eq!(folder_location("///a/b").unwrap(), "/a/b/");
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body_and_cannot_close_its_tag() {
        let live = Live::new();
        live.state
            .send_modify(|state| state.error = Some("</script><b>x".into()));
        let html = inject(b"<html><body><p>x</p></body></html>".to_vec(), &live);
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with("</script>\n</body></html>"), "{html}");
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(html.contains("\\u003c/script>\\u003cb>x"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (name, kind) in [
            ("index.html", "text/html; charset=utf-8"),
            ("static/style.css", "text/css; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("data/observations.csv", "text/csv; charset=utf-8"),
            ("data/x.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            (".nojekyll", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn only_the_address_the_server_listens_on_is_a_local_host() {
        for good in ["127.0.0.1:8000", "localhost:8000", "LocalHost:8000"] {
            assert!(is_local_host(good.as_bytes(), 8000), "{good}");
        }
        for bad in [
            "evil.example:8000",
            "evil.example",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:8001",
            "127.0.0.1:08000",
            "127.0.0.1:",
            "localhost.:8000",
            "127.0.0.1.evil.example:8000",
            "localhost.evil.example:8000",
            "user@127.0.0.1:8000",
            "[::1]:8000",
            "0.0.0.0:8000",
            "127.0.0.2:8000",
            "",
            ":8000",
        ] {
            assert!(!is_local_host(bad.as_bytes(), 8000), "{bad}");
        }
        assert!(!is_local_host(b"127.0.0.1:8000\xff", 8000));
        // Browsers leave out the default port.
        assert!(is_local_host(b"127.0.0.1", 80));
        assert!(is_local_host(b"localhost", 80));
        assert!(is_local_host(b"localhost:80", 80));
    }

    fn request_with(uri: &str, hosts: &[&str]) -> Request<()> {
        let mut request = Request::builder().uri(uri);
        for host in hosts {
            request = request.header(header::HOST, *host);
        }
        request.body(()).unwrap()
    }

    #[test]
    fn a_request_counts_as_addressed_here_only_with_one_host_that_names_this_server() {
        assert_eq!(
            addressed_here(&request_with("/", &["127.0.0.1:8000"]), 8000),
            Ok(())
        );
        assert_eq!(
            addressed_here(&request_with("/a.html", &["localhost:8000"]), 8000),
            Ok(())
        );
        assert_eq!(
            addressed_here(
                &request_with("http://127.0.0.1:8000/", &["127.0.0.1:8000"]),
                8000
            ),
            Ok(())
        );
        for (uri, hosts) in [
            ("/", &[][..]),
            ("/", &["evil.example:8000"][..]),
            ("/", &["127.0.0.1:8000", "evil.example:8000"][..]),
            ("/", &["127.0.0.1:8000", "127.0.0.1:8000"][..]),
            ("http://evil.example:8000/", &["127.0.0.1:8000"][..]),
        ] {
            assert!(
                addressed_here(&request_with(uri, hosts), 8000).is_err(),
                "{uri} {hosts:?}"
            );
        }
    }

    /// A log that the test reads after the server wrote to it.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);

    impl Write for Log {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A listener whose first `failures` accepts fail as they do when the process is out of
    /// file descriptors.
    struct Failing {
        failures: usize,
        listener: TcpListener,
    }

    impl Incoming for Failing {
        async fn accept(&mut self) -> io::Result<TcpStream> {
            if self.failures > 0 {
                self.failures -= 1;
                return Err(io::Error::other("Too many open files"));
            }
            Incoming::accept(&mut self.listener).await
        }
    }

    #[test]
    fn the_server_goes_on_accepting_after_failed_accepts() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("index.html"), "<p>Hei</p>").unwrap();
        let (runtime, listener, port) = listen(0).unwrap();
        let site = Site::new(root.path().to_path_buf(), port, &Limits::default());
        let log = Log::default();
        let incoming = Failing {
            failures: 3,
            listener,
        };
        // No pause, since the test has no use for one; the server's own is 100 ms.
        let server = Server::run(runtime, incoming, site, Duration::ZERO, log.clone()).unwrap();

        // The connection waits in the listener's queue while the accepts fail, and is
        // taken by the first one that does not.
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.0 200 OK\r\n"), "{answer}");
        assert!(answer.contains("<p>Hei</p>"), "{answer}");
        drop(server);

        let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 3, "one line for each failed accept: {log}");
        for line in lines {
            assert_eq!(
                line,
                "tiltak serve: cannot accept a connection (Too many open files); \
                 trying again in 0 ms"
            );
        }
    }

    #[test]
    fn stopping_ends_waiting_requests_and_the_listener() {
        let root = tempfile::tempdir().unwrap();
        let server = Server::start(root.path().to_path_buf(), 0, &Limits::default()).unwrap();
        let port = server.port;
        // A page waiting for the next build, which never comes.
        let token = server.live.token(&server.live.state.borrow());
        let mut waiting = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            waiting,
            "GET {EVENTS_PATH}?since={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();

        drop(server);
        // The connection is closed without an answer (reset if the request was still unread)...
        let mut answer = Vec::new();
        match waiting.read_to_end(&mut answer) {
            Ok(_) => assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer)),
            Err(error) => assert_eq!(error.kind(), io::ErrorKind::ConnectionReset),
        }
        // ... and nothing listens any more.
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    }

    #[test]
    fn a_failed_accept_is_one_line_that_names_the_error_and_the_pause() {
        let mut log = Vec::new();
        accept_failed(
            &mut log,
            &io::Error::other("Too many open files"),
            Limits::default().accept_pause,
        );
        assert_eq!(
            String::from_utf8(log).unwrap(),
            "tiltak serve: cannot accept a connection (Too many open files); trying again in \
             100 ms\n"
        );
    }
}
