//! `GET /search?q=WORDS[&kind=…][&lang=…][&limit=…]`: the hits of `partnergraph search` as its
//! JSON, evaluated in an evaluation slot under the timeout like any query.

use super::{AppState, Deadline, GENERATION_HEADER, ROWS_HEADER, ServeError, protocol};
use crate::model::Lang;
use crate::search::{self, Kind, Request, SearchIndex};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// Hits unless `limit` says otherwise, as on the command line.
const DEFAULT_LIMIT: usize = 20;

/// The index last opened, by its directory (one per generation): opening costs more than a
/// search.
static OPEN: Mutex<Option<(PathBuf, Arc<SearchIndex>)>> = Mutex::new(None);

fn request(url_query: Option<&str>, max_results: usize) -> Result<Request, ServeError> {
    let mut request = Request {
        text: String::new(),
        kind: None,
        lang: None,
        limit: DEFAULT_LIMIT,
    };
    let bad = ServeError::BadRequest;
    for (key, value) in protocol::form(url_query.unwrap_or_default())? {
        match key.as_str() {
            "q" => request.text = value,
            "kind" => request.kind = Some(Kind::parse(&value).map_err(|e| bad(e.to_string()))?),
            "lang" => {
                request.lang = Some(Lang::from_tag(&value).ok_or_else(|| {
                    bad(search::SearchError::UnknownLanguage(value.clone()).to_string())
                })?);
            }
            "limit" => {
                request.limit = value
                    .parse()
                    .map_err(|_| bad(format!("limit {value:?} is not a number")))?;
            }
            other => {
                return Err(bad(format!(
                    "unknown parameter {other:?}: /search takes q, kind, lang and limit"
                )));
            }
        }
    }
    if request.text.trim().is_empty() {
        return Err(bad("/search needs the words to search for: ?q=WORDS".into()));
    }
    request.limit = request.limit.min(max_results);
    Ok(request)
}

pub(super) async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(url_query): RawQuery,
) -> Result<Response, ServeError> {
    let request = request(url_query.as_deref(), state.max_results)?;
    let (body, count, generation) = state
        .run_blocking(Deadline::CutOff, move |state, _token| {
            let read = state.reader.get();
            let path = read.file(search::DIR);
            let index = {
                let mut open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
                match &*open {
                    Some((at, index)) if *at == path => Arc::clone(index),
                    _ => {
                        let index = Arc::new(search::open(&read)?);
                        *open = Some((path.clone(), Arc::clone(&index)));
                        index
                    }
                }
            };
            let hits = index
                .search(&request)
                .map_err(|source| search::SearchError::Index { path, source })?;
            let answer = search::Answer {
                query: &request.text,
                generation: read.generation(),
                hits: &hits,
            };
            let body = serde_json::to_vec_pretty(&answer).map_err(std::io::Error::from)?;
            Ok((body, hits.len(), read.generation().to_owned()))
        })
        .await?;
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(ROWS_HEADER, HeaderValue::from(count));
    if let Ok(value) = HeaderValue::from_str(&generation) {
        headers.insert(GENERATION_HEADER, value);
    }
    Ok(response)
}
