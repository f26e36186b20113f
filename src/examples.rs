//! What every command's `--help` ends with: the invocations an engineer actually types, and the
//! credentials and settings the command reads. One table, so a test can see that no command lacks
//! one, and `intops help credentials` is drawn from the same facts.

/// One leaf command: its path, two or three real invocations, the names it reads.
pub struct Leaf {
    pub path: &'static str,
    pub examples: &'static [&'static str],
    pub reads: &'static [&'static str],
}

const CAL: &[&str] = &["CALENDLY_TOKEN"];
const ZOHO: &[&str] = &[
    "ZOHO_CLIENT_ID",
    "ZOHO_CLIENT_SECRET",
    "ZOHO_REFRESH_TOKEN",
    "ZOHO_ACCESS_TOKEN",
    "ZOHO_DC",
];
const RETS: &[&str] = &[
    "RETS_LOGIN_URL",
    "RETS_USERNAME",
    "RETS_PASSWORD",
    "RETS_USER_AGENT",
    "RETS_UA_PASSWORD",
    "RETS_VERSION",
];
const QUEUE: &[&str] = &["REDIS_URL", "WHATSAPP_QUEUE_KEY", "DATABASE_URL"];

pub const LEAVES: &[Leaf] = &[
    Leaf {
        path: "whatsapp token-debug",
        examples: &[
            "intops whatsapp token-debug",
            "intops whatsapp token-debug -o json | jq .steps",
        ],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_TOKEN",
            "WHATSAPP_APP_ID",
            "META_APP_SECRET",
        ],
    },
    Leaf {
        path: "whatsapp phone",
        examples: &["intops whatsapp phone", "intops --profile staging whatsapp phone"],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_PHONE_NUMBER_ID",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
        ],
    },
    Leaf {
        path: "whatsapp send-test",
        examples: &[
            "intops whatsapp send-test --to +15551234567",
            "intops whatsapp send-test --to +15551234567 --template hello_world --yes",
        ],
        reads: &["WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"],
    },
    Leaf {
        path: "whatsapp metrics",
        examples: &["intops whatsapp metrics", "intops whatsapp metrics -o prom"],
        reads: &["PROMETHEUS_URL"],
    },
    Leaf {
        path: "webhook status",
        examples: &["intops webhook status", "intops webhook status -o json"],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_TOKEN",
            "WHATSAPP_APP_ID",
            "META_APP_SECRET",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
            "WHATSAPP_WEBHOOK_URL",
            "META_PAGE_ID",
            "META_PAGE_ACCESS_TOKEN",
        ],
    },
    Leaf {
        path: "webhook verify",
        examples: &[
            "intops webhook verify",
            "intops webhook verify --provider leadgen",
            "intops webhook verify --url https://api.example.com/webhooks/whatsapp",
        ],
        reads: &[
            "WHATSAPP_WEBHOOK_URL",
            "WEBHOOK_VERIFY_TOKEN",
            "META_WEBHOOK_URL",
            "META_VERIFY_TOKEN",
        ],
    },
    Leaf {
        path: "webhook reregister",
        examples: &[
            "intops webhook reregister --dry-run",
            "intops webhook reregister --provider leadgen",
        ],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_TOKEN",
            "WHATSAPP_APP_ID",
            "META_APP_SECRET",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
            "WHATSAPP_WEBHOOK_URL",
            "WEBHOOK_VERIFY_TOKEN",
            "META_WEBHOOK_URL",
            "META_VERIFY_TOKEN",
        ],
    },
    Leaf {
        path: "webhook sign",
        examples: &[
            "intops webhook sign --provider whatsapp --file event.json",
            "intops webhook sign --provider calendly --file invitee.json",
        ],
        reads: &["META_APP_SECRET", "CALENDLY_SIGNING_KEY"],
    },
    Leaf {
        path: "webhook check-signature",
        examples: &[
            "intops webhook check-signature --provider whatsapp --file body.json --header 'sha256=…'",
            "intops webhook check-signature --provider calendly --file body.json --header 't=…,v1=…'",
        ],
        reads: &["META_APP_SECRET", "CALENDLY_SIGNING_KEY"],
    },
    Leaf {
        path: "webhook send-test",
        examples: &[
            "intops webhook send-test",
            "intops webhook send-test --provider calendly --url https://api.example.com/hooks/calendly",
        ],
        reads: &[
            "META_APP_SECRET",
            "WHATSAPP_WEBHOOK_URL",
            "CALENDLY_SIGNING_KEY",
            "CALENDLY_WEBHOOK_URL",
        ],
    },
    Leaf {
        path: "meta lead",
        examples: &["intops meta lead 1234567890123456", "intops meta lead 1234567890123456 -o json"],
        reads: &["META_ACCESS_TOKEN"],
    },
    Leaf {
        path: "calendly subscriptions list",
        examples: &["intops calendly subscriptions list", "intops calendly subscriptions list -o json"],
        reads: &["CALENDLY_TOKEN", "CALENDLY_WEBHOOK_URL"],
    },
    Leaf {
        path: "calendly subscriptions ensure",
        examples: &[
            "intops calendly subscriptions ensure --dry-run",
            "intops calendly subscriptions ensure --scope user",
        ],
        reads: &["CALENDLY_TOKEN", "CALENDLY_WEBHOOK_URL"],
    },
    Leaf {
        path: "calendly subscriptions delete",
        examples: &[
            "intops calendly subscriptions delete https://api.calendly.com/webhook_subscriptions/AAAA --dry-run",
        ],
        reads: CAL,
    },
    Leaf {
        path: "zoho refresh-token",
        examples: &["intops zoho refresh-token", "intops zoho refresh-token --force"],
        reads: ZOHO,
    },
    Leaf {
        path: "zoho check",
        examples: &["intops zoho check", "intops zoho check -o json"],
        reads: ZOHO,
    },
    Leaf {
        path: "elevenlabs check",
        examples: &["intops elevenlabs check", "intops elevenlabs check -o prom"],
        reads: &[
            "ELEVENLABS_API_KEY",
            "ELEVENLABS_AGENT_ID",
            "ELEVENLABS_PHONE_NUMBER_ID",
        ],
    },
    Leaf {
        path: "elevenlabs calls",
        examples: &[
            "intops elevenlabs calls --since 2h --failed",
            "intops elevenlabs calls --id conv_0123456789",
        ],
        reads: &["ELEVENLABS_API_KEY", "ELEVENLABS_AGENT_ID"],
    },
    Leaf {
        path: "status",
        examples: &["intops status", "intops status calendly elevenlabs"],
        reads: &[],
    },
    Leaf {
        path: "rets check",
        examples: &["intops rets check", "intops rets check --all", "intops rets check --feed crmls"],
        reads: RETS,
    },
    Leaf {
        path: "webhook backfill",
        examples: &[
            "intops webhook backfill --provider leadgen --since 6h --dry-run",
            "intops webhook backfill --provider calendly --incident ID --yes",
        ],
        reads: &[
            "META_ACCESS_TOKEN",
            "META_PAGE_ID",
            "META_APP_SECRET",
            "META_WEBHOOK_URL",
            "CALENDLY_TOKEN",
            "CALENDLY_SIGNING_KEY",
            "CALENDLY_WEBHOOK_URL",
            "DATABASE_URL",
        ],
    },
    Leaf {
        path: "queue requeue-dead",
        examples: &[
            "intops queue requeue-dead --dry-run",
            "intops queue requeue-dead --reason outage --since 2h --yes",
        ],
        reads: QUEUE,
    },
    Leaf {
        path: "exporter",
        examples: &[
            "intops exporter --listen 127.0.0.1:9464",
            "intops exporter --listen 127.0.0.1:9464 --log-format json",
        ],
        reads: &["PROMETHEUS_URL"],
    },
    Leaf {
        path: "action list",
        examples: &["intops action list", "intops action list -o json"],
        reads: &[],
    },
    Leaf {
        path: "action run",
        examples: &[
            "intops action run gmail-fallback --dry-run",
            "intops action run restart --yes",
            "intops action run gmail-fallback --undo",
        ],
        reads: &["DATABASE_URL", "REDIS_URL"],
    },
    Leaf {
        path: "whatsapp token-rotate",
        examples: &[
            "intops whatsapp token-rotate --store env-file --env-file /srv/agente-api/.env",
            "printf %s \"$NEW_TOKEN\" | intops whatsapp token-rotate --store keyring --yes",
        ],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_ID",
            "WHATSAPP_APP_TOKEN",
            "META_APP_SECRET",
            "SUPABASE_ACCESS_TOKEN",
            "SUPABASE_PROJECT_REF",
        ],
    },
    Leaf {
        path: "whatsapp switch-number",
        examples: &[
            "intops --env-file /srv/agente-api/.env whatsapp switch-number --dry-run",
            "intops --env-file /srv/agente-api/.env whatsapp switch-number --recipient +15551234567 --template hello_world --yes",
            "intops whatsapp switch-number --to 106540352242923 --store supabase",
        ],
        reads: &[
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
            "WHATSAPP_PHONE_NUMBER_ID",
            "WHATSAPP_APP_ID",
            "SUPABASE_ACCESS_TOKEN",
            "SUPABASE_PROJECT_REF",
        ],
    },
    Leaf {
        path: "doctor",
        examples: &[
            "intops doctor",
            "intops doctor --check \"whatsapp token\" --check zoho",
            "intops doctor -o prom --prom-file /var/lib/node_exporter/textfile/intops.prom",
        ],
        reads: &["every name of the checks it runs: `intops help credentials`"],
    },
    Leaf {
        path: "incident start",
        examples: &[
            "intops incident start whatsapp-outage",
            "intops incident start whatsapp-outage --severity P1 --impact \"no WhatsApp replies\" --no-checks",
        ],
        reads: &["SLACK_WEBHOOK_URL", "the names of the flow's checks"],
    },
    Leaf {
        path: "incident update",
        examples: &[
            "intops incident update 20261124-0312-whatsapp-outage --progress \"token rotated\"",
            "intops incident update 20261124-0312-whatsapp-outage --root-cause \"expired token\" --next-update 30m",
        ],
        reads: &["SLACK_WEBHOOK_URL"],
    },
    Leaf {
        path: "incident resolve",
        examples: &[
            "intops incident resolve 20261124-0312-whatsapp-outage --root-cause \"expired token\" --fix \"rotated\"",
        ],
        reads: &["SLACK_WEBHOOK_URL"],
    },
    Leaf {
        path: "incident list",
        examples: &["intops incident list", "intops incident list --all -o json"],
        reads: &[],
    },
    Leaf {
        path: "runbook list",
        examples: &["intops runbook list"],
        reads: &[],
    },
    Leaf {
        path: "runbook show",
        examples: &["intops runbook show whatsapp-outage", "intops runbook show whatsapp-outage --step 0"],
        reads: &[],
    },
    Leaf {
        path: "api",
        examples: &[
            "intops api meta GET /{PHONE_NUMBER_ID}",
            "intops api zoho GET /crm/v8/users -f type=CurrentUser",
            "intops api calendly GET /users/me",
        ],
        reads: &["the vendor's token (see `intops help credentials`)"],
    },
    Leaf {
        path: "auth set",
        examples: &["intops auth set WHATSAPP_ACCESS_TOKEN", "intops --profile staging auth set ZOHO_REFRESH_TOKEN"],
        reads: &[],
    },
    Leaf {
        path: "auth list",
        examples: &["intops auth list", "intops --env-file /srv/app/.env auth list"],
        reads: &[],
    },
    Leaf {
        path: "auth delete",
        examples: &["intops auth delete ZOHO_ACCESS_TOKEN"],
        reads: &[],
    },
    Leaf {
        path: "queue status",
        examples: &["intops queue status", "intops queue status -o prom"],
        reads: QUEUE,
    },
    Leaf {
        path: "queue drain",
        examples: &["intops queue drain --rate 40 --max 500", "intops queue drain --dry-run"],
        reads: &[
            "REDIS_URL",
            "WHATSAPP_QUEUE_KEY",
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_PHONE_NUMBER_ID",
        ],
    },
    Leaf {
        path: "queue retry-failed",
        examples: &[
            "intops queue retry-failed --since 2h --dry-run",
            "intops queue retry-failed --since 2h --channel whatsapp --yes",
        ],
        reads: &["DATABASE_URL"],
    },
    Leaf {
        path: "sandbox",
        examples: &[
            "intops sandbox --demo",
            "intops sandbox --port 8089 --scenario token-expiring",
            "eval \"$(intops sandbox --port 8089 --print-env)\"",
        ],
        reads: &[],
    },
    Leaf {
        path: "completions",
        examples: &["intops completions bash > ~/.local/share/bash-completion/completions/intops"],
        reads: &[],
    },
    Leaf {
        path: "man",
        examples: &["intops man --out-dir ./man"],
        reads: &[],
    },
    Leaf {
        path: "messenger check",
        examples: &[
            "intops messenger check",
            "intops messenger check -o json",
            "intops --env-file /srv/agente/.env messenger check",
        ],
        reads: &[
            "FACEBOOK_PAGE_ID",
            "FACEBOOK_PAGE_ACCESS_TOKEN",
            "META_PAGE_ID",
            "META_PAGE_ACCESS_TOKEN",
            "META_APP_ID",
            "WHATSAPP_APP_ID",
            "WHATSAPP_APP_TOKEN",
            "META_APP_SECRET",
            "META_VERIFY_TOKEN",
        ],
    },
    Leaf {
        path: "messenger send-test",
        examples: &[
            "intops messenger send-test --psid 1254477777772919",
            "intops messenger send-test --psid 1254477777772919 --text \"ping\" --yes",
            "intops messenger send-test --psid 1254477777772919 --tag ACCOUNT_UPDATE --dry-run",
        ],
        reads: &[
            "FACEBOOK_PAGE_ID",
            "FACEBOOK_PAGE_ACCESS_TOKEN",
            "META_PAGE_ID",
            "META_PAGE_ACCESS_TOKEN",
        ],
    },
];

/// The `after_help` block for one leaf.
pub fn after_help(leaf: &Leaf) -> String {
    let mut s = String::from("Examples:\n");
    for e in leaf.examples {
        s.push_str(&format!("  {e}\n"));
    }
    if !leaf.reads.is_empty() {
        s.push_str(
            "\nReads (environment, --env-file, then the keyring; settings also config.toml):\n",
        );
        s.push_str(&format!("  {}\n", leaf.reads.join(", ")));
    }
    s.trim_end().to_string()
}

/// Attach each leaf's examples to the clap tree.
pub fn attach(mut cmd: clap::Command) -> clap::Command {
    for leaf in LEAVES {
        let parts: Vec<&str> = leaf.path.split(' ').collect();
        cmd = attach_at(cmd, &parts, after_help(leaf));
    }
    cmd
}

fn attach_at(cmd: clap::Command, parts: &[&str], text: String) -> clap::Command {
    match parts {
        [] => cmd.after_help(text),
        [first, rest @ ..] => {
            if cmd.find_subcommand(first).is_none() {
                return cmd;
            }
            let rest = rest.to_vec();
            cmd.mut_subcommand(*first, move |c| attach_at(c, &rest, text))
        }
    }
}
