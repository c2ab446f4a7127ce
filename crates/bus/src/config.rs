//! A NATS server configuration that enforces a scenario's sharing policy: one user per
//! network (writes only its own subjects and streams; reads exercise control's), one per
//! integration centre of an architecture with partners (reads, of each partner, only the kind
//! shared with it; writes its picture), and one for exercise control (reads everything: the
//! console, the scorer).
//! Passwords are random.

use crate::message::Kind;
use crate::node::kinds_published;
use crate::{CONTROL_ORIGIN, centre_origin, stream_name, token};
use std::fmt::Write;
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ShareLevel;

/// One user of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// User name: the network id, `fusion-<architecture>` or `control`.
    pub user: String,
    /// Its password.
    pub password: String,
    /// Subjects it may publish on.
    pub publish: Vec<String>,
    /// Subjects it may subscribe to.
    pub subscribe: Vec<String>,
}

/// The JetStream API subjects that read stream `stream` with an ordered consumer.
fn read_stream(stream: &str) -> Vec<String> {
    vec![
        format!("$JS.API.STREAM.INFO.{stream}"),
        format!("$JS.API.CONSUMER.CREATE.{stream}"),
        format!("$JS.API.CONSUMER.CREATE.{stream}.>"),
        format!("$JS.API.CONSUMER.MSG.NEXT.{stream}.>"),
        format!("$JS.API.CONSUMER.INFO.{stream}.>"),
        format!("$JS.API.CONSUMER.DELETE.{stream}.>"),
    ]
}

/// The users of scenario `s`, with passwords from `password` (called once per user).
pub fn users(s: &Scenario, mut password: impl FnMut() -> String) -> Vec<User> {
    let mut users = Vec::new();
    for (n, id) in s.networks.iter().enumerate() {
        let mut publish = vec![
            format!("vigil.*.{}.>", token(id)),
            "$JS.API.INFO".to_string(),
        ];
        for kind in kinds_published(s, n) {
            let stream = stream_name(id, kind);
            for verb in ["CREATE", "UPDATE", "INFO"] {
                publish.push(format!("$JS.API.STREAM.{verb}.{stream}"));
            }
            publish.push(format!("$JS.API.STREAM.MSG.GET.{stream}"));
        }
        // Exercise control's clock and injects (`vigil node --clock bus`).
        publish.extend(read_stream(&stream_name(CONTROL_ORIGIN, Kind::Control)));
        users.push(User {
            user: id.clone(),
            password: password(),
            publish,
            subscribe: vec![format!("_INBOX_{id}.>")],
        });
    }
    for (a, arch) in s.architectures.iter().enumerate() {
        if arch.networks.len() < 2 {
            continue;
        }
        let user = centre_origin(&arch.id);
        // It publishes its picture on its own subject and stream.
        let picture = stream_name(&user, Kind::Picture);
        let mut publish = vec![
            "$JS.API.INFO".to_string(),
            format!("vigil.*.{}.picture", token(&user)),
            format!("$JS.API.STREAM.CREATE.{picture}"),
            format!("$JS.API.STREAM.UPDATE.{picture}"),
            format!("$JS.API.STREAM.INFO.{picture}"),
        ];
        for n in &arch.networks {
            let kind = match s.sharing[*n][a] {
                ShareLevel::Detections => Kind::Detections,
                ShareLevel::Tracks => Kind::Tracks,
                ShareLevel::Alerts => Kind::Alerts,
            };
            publish.extend(read_stream(&stream_name(&s.networks[*n], kind)));
        }
        users.push(User {
            subscribe: vec![format!("_INBOX_{user}.>")],
            user,
            password: password(),
            publish,
        });
    }
    users.push(User {
        user: "control".to_string(),
        password: password(),
        publish: vec!["$JS.API.>".to_string(), "vigil.>".to_string()],
        subscribe: vec![">".to_string()],
    });
    users
}

/// The server configuration's text (an `authorization` block; start the server with
/// `nats-server -js -sd DIR -c FILE`).
pub fn server_config(s: &Scenario, users: &[User]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# NATS server configuration for Vigil scenario {:?}, written by `vigil bus-config`.\n\
         # Start: nats-server -js -sd STORE_DIR -c THIS_FILE\n\
         # A network's user writes only its own subjects; an integration centre's reads of each\n\
         # partner only what the partner shares with it; `control` reads everything.\n\
         authorization {{\n  users = [",
        s.name
    );
    for u in users {
        let list = |v: &[String]| {
            v.iter()
                .map(|x| format!("{x:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "    {{ user: {:?}, password: {:?}, permissions: {{ publish: {{ allow: [{}] }}, subscribe: {{ allow: [{}] }} }} }}",
            u.user,
            u.password,
            list(&u.publish),
            list(&u.subscribe)
        );
    }
    out.push_str("  ]\n}\n");
    out
}
