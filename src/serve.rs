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
//! Long polling needs nothing but plain requests, so the server stays a few lines of
//! `tiny_http`, and a page whose server went away simply retries until one answers again.

use crate::build::Config;
use crate::watch::{self, Rebuild, Stopper, Watch, WatchError};
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tiny_http::{Header, Method, Request, Response};

/// The address of the live-reload endpoint: `GET /__tiltak/events?since=TOKEN` answers
/// `{"token": …, "error": …}` as soon as the build state differs from `TOKEN`. Under a name
/// no page of the site can have.
pub const EVENTS_PATH: &str = "/__tiltak/events";

/// How long a long-poll request is held before it is answered with an unchanged state;
/// below the usual idle timeouts of browsers and proxies.
const LONG_POLL: Duration = Duration::from_secs(20);

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
    /// The watch could not start.
    #[error(transparent)]
    Watch(#[from] WatchError),
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
        mut on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Serve, ServeError> {
        let server = Server::start(config.out_dir.clone(), port)?;
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

/// The web server: a thread taking requests, and a thread per request (a long poll holds
/// its thread while it waits). Stopped on drop.
struct Server {
    http: Arc<tiny_http::Server>,
    live: Arc<Live>,
    port: u16,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf, port: u16) -> Result<Server, ServeError> {
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Bind {
            port,
            message: e.to_string(),
        })?;
        let port = http.server_addr().to_ip().map_or(port, |a| a.port());
        let http = Arc::new(http);
        let live = Arc::new(Live::new());
        let thread = {
            let (http, live) = (Arc::clone(&http), Arc::clone(&live));
            std::thread::Builder::new()
                .name("tiltak serve".into())
                .spawn(move || loop {
                    match http.recv() {
                        Ok(request) => {
                            let (root, live) = (root.clone(), Arc::clone(&live));
                            let _ = std::thread::Builder::new()
                                .name("tiltak request".into())
                                .spawn(move || handle(request, &root, &live));
                        }
                        // Unblocked by `drop`, or a failed accept, which is not fatal.
                        Err(_) if live.stopping.load(Ordering::SeqCst) => return,
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                })
                .expect("a thread can be started")
        };
        Ok(Server {
            http,
            live,
            port,
            thread: Some(thread),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.live.stop();
        self.http.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The state of the builds as the open pages see it.
struct Live {
    /// Tells this run of `serve` from an earlier one, so a page reloads after a restart.
    session: String,
    state: Mutex<LiveState>,
    changed: Condvar,
    stopping: AtomicBool,
}

#[derive(Clone)]
struct LiveState {
    /// The number of builds so far.
    builds: u64,
    /// The rendered error of the last build, when it failed.
    error: Option<String>,
}

impl Live {
    fn new() -> Live {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Live {
            session: format!("{:x}", started.as_millis()),
            state: Mutex::new(LiveState {
                builds: 0,
                error: None,
            }),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
        }
    }

    fn publish(&self, rebuild: &Rebuild) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.builds += 1;
        state.error = rebuild.result.as_ref().err().map(|e| e.render());
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.changed.notify_all();
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
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.json(&state)
    }

    /// Waits until the state's token differs from `since`, the server stops, or `timeout`
    /// passes; returns the state then.
    fn wait_for_change(&self, since: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while self.token(&state) == since && !self.stopping.load(Ordering::SeqCst) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        self.json(&state)
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

type Reply = Response<Cursor<Vec<u8>>>;

fn handle(request: Request, root: &Path, live: &Live) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let reply = match request.method() {
        Method::Get | Method::Head if path == EVENTS_PATH => {
            let since = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
                .and_then(|token| percent_decode(token).ok())
                .and_then(|bytes| String::from_utf8(bytes).ok());
            let body = match since {
                Some(since) => live.wait_for_change(&since, LONG_POLL),
                None => live.current(),
            };
            reply(200, "application/json", body.into_bytes())
        }
        Method::Get | Method::Head => file(path, root, live),
        _ => reply(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD".to_vec(),
        )
        .with_header(header("Allow", "GET, HEAD")),
    };
    let _ = request.respond(reply);
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
            return reply(301, "text/plain; charset=utf-8", Vec::new())
                .with_header(header("Location", &format!("{url_path}/")));
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
            reply(200, kind, bytes)
        }
        _ => not_found(root, live),
    }
}

fn not_found(root: &Path, live: &Live) -> Reply {
    let page = fs::read(root.join("404.html")).unwrap_or_else(|_| {
        // No site yet (the first build failed or is running): a page that still reloads
        // and shows the error.
        b"<!doctype html><html lang=\"en\"><title>Not found</title><body><p>Not found.</p></body></html>".to_vec()
    });
    reply(404, "text/html; charset=utf-8", inject(page, live))
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// A response that no cache keeps, so a reload always shows the newest build.
fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_script_goes_before_the_end_of_the_body_and_cannot_close_its_tag() {
        let live = Live::new();
        live.state.lock().unwrap().error = Some("</script><b>x".into());
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
}
