//! Browser safety: a request addressed to a host name other than localhost, a loopback or the
//! bind address is answered 421 (DNS rebinding), one from a page on another origin 403 unless
//! `--cors-origin` names it, and no response may be framed.

use super::{GENERATION_HEADER, ROWS_HEADER, ServeError, TRUNCATED_HEADER};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// An origin as browsers send it: lower case, no trailing slash.
fn origin(text: &str) -> String {
    text.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// CORS for the origins the user allowed, none if they allowed none: a page elsewhere can then
/// neither read the answers nor send the headers an update needs.
pub(super) fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, ServeError> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o.trim() == "*") {
        AllowOrigin::any()
    } else {
        let mut values = Vec::new();
        for text in origins {
            let normal = origin(text);
            let well_formed = ["http://", "https://"].iter().any(|scheme| {
                normal
                    .strip_prefix(scheme)
                    .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
            });
            match HeaderValue::from_str(&normal) {
                Ok(value) if well_formed => values.push(value),
                _ => return Err(ServeError::BadOrigin(text.clone())),
            }
        }
        AllowOrigin::list(values)
    };
    let expose = [ROWS_HEADER, TRUNCATED_HEADER, GENERATION_HEADER].map(HeaderName::from_static);
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
            .expose_headers(expose),
    ))
}

/// Which requests a browser may make the server answer.
pub(super) struct Guard {
    /// The address the server listens on.
    addr: SocketAddr,
    /// `--allow-host` names, lower case.
    hosts: Vec<String>,
    /// `--cors-origin` values, lower case.
    origins: Vec<String>,
    any_origin: bool,
}

impl Guard {
    pub(super) fn new(addr: SocketAddr, allowed_hosts: &[String], cors_origins: &[String]) -> Self {
        Self {
            addr,
            hosts: allowed_hosts
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            any_origin: cors_origins.iter().any(|o| o.trim() == "*"),
            origins: cors_origins.iter().map(|o| origin(o)).collect(),
        }
    }

    /// DNS rebinding gives an attacker's page a name that resolves to this machine; its requests
    /// carry that name in `Host`. IP literals cannot be rebound, so only names are checked
    /// against a list, and the port is not checked (an SSH tunnel or a proxy may change it).
    fn allows_host(&self, host: &str) -> bool {
        let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || ip == self.addr.ip() || self.addr.ip().is_unspecified();
        }
        self.hosts.contains(&name)
    }

    fn check(&self, headers: &HeaderMap) -> Result<(), ServeError> {
        // Browsers always send Host; a client that does not is no browser page.
        let host = match headers.get(header::HOST) {
            Some(value) => {
                let host = value.to_str().unwrap_or_default();
                if !self.allows_host(host) {
                    return Err(ServeError::MisdirectedHost(
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    ));
                }
                Some(host.to_ascii_lowercase())
            }
            None => None,
        };
        // Browsers send Origin on cross-origin requests (and same-origin POSTs); curl, notebooks'
        // kernels and other programs do not. The page this server serves is same-origin.
        if let Some(value) = headers.get(header::ORIGIN) {
            let sent = origin(&String::from_utf8_lossy(value.as_bytes()));
            let same = host.is_some_and(|host| sent == format!("http://{host}"));
            if !(same || self.any_origin || self.origins.contains(&sent)) {
                return Err(ServeError::ForeignOrigin(sent));
            }
        }
        Ok(())
    }
}

/// The host of a `Host` header without its port: `[::1]:7878` → `::1`, `localhost:80` →
/// `localhost`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Refuses requests from hosts and origins the [`Guard`] does not allow, and forbids every
/// response to be framed by another page (clickjacking the query page).
pub(super) async fn guard_requests(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = match guard.check(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    };
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("frame-ancestors 'none'"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
