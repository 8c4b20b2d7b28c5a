//! Queries evaluated in worker processes, so that a runaway query ends when it times out.
//!
//! Oxigraph checks its cancellation token only when it reads the store: a sort over a cross
//! join, a GROUP BY or a hash join of materialised sides keeps computing (and allocating) in
//! memory long after the token fired. A thread cannot be stopped from outside; a process can.
//! The server re-executes its own binary as `serve-worker` (hidden), which opens the store
//! read-only and evaluates one query at a time, read from stdin as a length-prefixed JSON frame,
//! answering on stdout with a JSON header and the serialised body. The server kills a worker
//! whose query outlives its timeout, whose client went away, or whose resident memory passes
//! the per-query limit, and starts a replacement: the CPU and memory come back at once.

use super::evaluate::{self, Answer};
use super::protocol::QueryRequest;
use super::{Reader, ServeError};
use crate::store::StoreDir;
use oxigraph::sparql::CancellationToken;
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The hidden subcommand the server runs its workers with.
pub const SUBCOMMAND: &str = "serve-worker";

/// How often the server looks at a running query's deadline, its client and its memory.
const POLL: Duration = Duration::from_millis(50);

/// One query, as the server hands it to a worker.
#[derive(Serialize, Deserialize)]
struct Job {
    request: QueryRequest,
    accept: Option<String>,
    max_results: usize,
}

/// The header of a worker's answer; `body_len` bytes of body follow it.
#[derive(Serialize, Deserialize)]
struct Reply {
    /// `None` on success; otherwise the status and the message the client gets.
    error: Option<(u16, String)>,
    media_type: String,
    count: usize,
    truncated: bool,
    generation: String,
    body_len: u64,
}

/// What a worker answered.
pub struct Answered {
    pub answer: Answer,
    pub generation: String,
}

/// Runs a worker until the server closes its stdin.
pub fn run(store: &Path) -> Result<(), ServeError> {
    // A server killed outright (SIGKILL, OOM) cannot kill its workers, and one busy with a
    // runaway query never reads the closed stdin: a watchdog ends it when its parent is gone.
    // (PR_SET_PDEATHSIG would follow the thread that spawned it, a pool thread that may exit.)
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(1);
            }
        }
    });
    let reader = Reader::open(StoreDir::new(store))?;
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    while let Some(job) = read_frame::<Job>(&mut input)? {
        let read = reader.get();
        let evaluated = evaluate::query(
            &read,
            job.request,
            job.accept.as_deref(),
            CancellationToken::new(),
            job.max_results,
        );
        let (reply, body) = match evaluated {
            Ok(answer) => (
                Reply {
                    error: None,
                    media_type: answer.media_type.to_owned(),
                    count: answer.count,
                    truncated: answer.truncated,
                    generation: read.generation().to_owned(),
                    body_len: answer.body.len() as u64,
                },
                answer.body,
            ),
            Err(e) => (
                Reply {
                    error: Some((e.status().as_u16(), crate::describe(&e))),
                    media_type: String::new(),
                    count: 0,
                    truncated: false,
                    generation: read.generation().to_owned(),
                    body_len: 0,
                },
                Vec::new(),
            ),
        };
        write_frame(&mut output, &reply)?;
        output.write_all(&body)?;
        output.flush()?;
    }
    Ok(())
}

fn read_frame<T: for<'de> Deserialize<'de>>(input: &mut impl Read) -> io::Result<Option<T>> {
    let mut length = [0; 4];
    match input.read_exact(&mut length) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut frame = vec![0; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut frame)?;
    serde_json::from_slice(&frame)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn write_frame(output: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let frame = serde_json::to_vec(value).map_err(io::Error::other)?;
    let length = u32::try_from(frame.len()).map_err(io::Error::other)?;
    output.write_all(&length.to_le_bytes())?;
    output.write_all(&frame)
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn spawn(exe: &Path, store: &Path) -> io::Result<Self> {
        let mut child = Command::new(exe)
            .arg("--store")
            .arg(store)
            .arg(SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(Self {
            child,
            stdin,
            stdout,
        })
    }

    /// Resident memory in bytes, from /proc.
    fn resident(&self) -> Option<u64> {
        let statm = std::fs::read_to_string(format!("/proc/{}/statm", self.child.id())).ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        Some(pages * u64::try_from(page).unwrap_or(4096))
    }

    /// Waits until the worker has written something, up to `wait`.
    fn readable(&mut self, wait: Duration) -> io::Result<bool> {
        if !self.stdout.buffer().is_empty() {
            return Ok(true);
        }
        let mut poll = libc::pollfd {
            fd: self.stdout.get_ref().as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&raw mut poll, 1, millis) };
        match ready {
            -1 => {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    Ok(false)
                } else {
                    Err(e)
                }
            }
            0 => Ok(false),
            _ => Ok(true),
        }
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why a query's worker was killed.
pub enum Stopped {
    /// The deadline passed or the client went away.
    Cancelled,
    /// The worker's resident memory passed the limit (in bytes).
    OutOfMemory(u64),
}

/// Worker processes, spawned up front and replaced when one is killed.
pub struct Pool {
    exe: PathBuf,
    store: PathBuf,
    memory_limit: u64,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// Starts `size` workers of the running binary on `store`.
    pub fn start(store: &Path, size: usize, memory_limit: u64) -> Result<Self, ServeError> {
        let exe = std::env::current_exe()?;
        let idle = (0..size)
            .map(|_| Worker::spawn(&exe, store))
            .collect::<io::Result<Vec<_>>>()?;
        Ok(Self {
            exe,
            store: store.to_owned(),
            memory_limit,
            idle: Mutex::new(idle),
        })
    }

    fn take(&self) -> io::Result<Worker> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(worker) => Ok(worker),
            None => Worker::spawn(&self.exe, &self.store),
        }
    }

    fn give_back(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
    }

    /// Replaces a killed worker, so that the next query does not wait for a process to start.
    fn replace(&self) {
        match Worker::spawn(&self.exe, &self.store) {
            Ok(worker) => self.give_back(worker),
            Err(e) => tracing::warn!("cannot start a query worker: {e}"),
        }
    }

    /// Evaluates `request` in a worker (blocking). The worker is killed and replaced when
    /// `token` is cancelled or its memory passes the limit.
    pub fn query(
        &self,
        request: QueryRequest,
        accept: Option<String>,
        max_results: usize,
        token: &CancellationToken,
    ) -> Result<Result<Answered, ServeError>, Stopped> {
        let job = Job {
            request,
            accept,
            max_results,
        };
        let mut worker = match self.take() {
            Ok(worker) => worker,
            Err(e) => return Ok(Err(e.into())),
        };
        if let Err(e) = write_frame(&mut worker.stdin, &job).and_then(|()| worker.stdin.flush()) {
            worker.kill();
            self.replace();
            return Ok(Err(e.into()));
        }
        let started = Instant::now();
        loop {
            let stopped = if token.is_cancelled() {
                Some(Stopped::Cancelled)
            } else {
                match worker.resident() {
                    Some(bytes) if bytes > self.memory_limit => Some(Stopped::OutOfMemory(bytes)),
                    _ => None,
                }
            };
            if let Some(stopped) = stopped {
                worker.kill();
                self.replace();
                tracing::info!(elapsed = ?started.elapsed(), "killed a query worker");
                return Err(stopped);
            }
            match worker.readable(POLL) {
                Ok(false) => continue,
                Ok(true) => break,
                Err(e) => {
                    worker.kill();
                    self.replace();
                    return Ok(Err(e.into()));
                }
            }
        }
        let answered = read_reply(&mut worker.stdout);
        match &answered {
            Ok(_) => self.give_back(worker),
            // A worker that died (an abort, the OOM killer) or garbled its answer is replaced.
            Err(_) => {
                worker.kill();
                self.replace();
            }
        }
        Ok(answered
            .map_err(ServeError::from)
            .and_then(|(reply, body)| {
                if let Some((status, message)) = reply.error {
                    return Err(ServeError::Worker { status, message });
                }
                Ok(Answered {
                    answer: Answer {
                        body,
                        media_type: media_type(&reply.media_type),
                        count: reply.count,
                        truncated: reply.truncated,
                    },
                    generation: reply.generation,
                })
            }))
    }
}

fn read_reply(stdout: &mut BufReader<ChildStdout>) -> io::Result<(Reply, Vec<u8>)> {
    let reply: Reply = read_frame(stdout)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the query worker ended without answering",
        )
    })?;
    let mut body = vec![0; usize::try_from(reply.body_len).map_err(io::Error::other)?];
    stdout.read_exact(&mut body)?;
    Ok((reply, body))
}

/// The media type a worker named, as the `&'static str` a response header takes.
fn media_type(text: &str) -> &'static str {
    use oxigraph::io::RdfFormat;
    use oxigraph::sparql::results::QueryResultsFormat;
    QueryResultsFormat::from_media_type(text)
        .map(QueryResultsFormat::media_type)
        .or_else(|| RdfFormat::from_media_type(text).map(RdfFormat::media_type))
        .unwrap_or("application/octet-stream")
}
