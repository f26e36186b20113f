# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_intops_global_optspecs
    string join \n profile= o/output= env-file= timeout= y/yes dry-run v/verbose no-color h/help V/version
end

function __fish_intops_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_intops_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_intops_using_subcommand
    set -l cmd (__fish_intops_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c intops -n "__fish_intops_needs_command" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_needs_command" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_needs_command" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_needs_command" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_needs_command" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_needs_command" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_needs_command" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_needs_command" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_needs_command" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_needs_command" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_needs_command" -f -a "help" -d 'Help for a command, or a topic: `intops help exit-codes`'
complete -c intops -n "__fish_intops_needs_command" -f -a "meta" -d 'Meta Lead Ads: fetch one lead'
complete -c intops -n "__fish_intops_needs_command" -f -a "calendly" -d 'Calendly: webhook subscriptions with their state'
complete -c intops -n "__fish_intops_needs_command" -f -a "zoho" -d 'Zoho: refresh the access token per data centre; CRM check'
complete -c intops -n "__fish_intops_needs_command" -f -a "elevenlabs" -d 'ElevenLabs: credits, agent, voicemail detection, phone number; recent calls'
complete -c intops -n "__fish_intops_needs_command" -f -a "status" -d 'Vendor status pages (Statuspage v2, Zoho RSS, Meta), concurrently'
complete -c intops -n "__fish_intops_needs_command" -f -a "rets" -d 'MLS feeds: RETS 1.x login/search/logout and RESO Web API freshness, one feed or all'
complete -c intops -n "__fish_intops_needs_command" -f -a "webhook" -d 'Webhooks: subscriptions, callback handshake, safe re-registration, signatures, test events'
complete -c intops -n "__fish_intops_needs_command" -f -a "exporter" -d 'Long-running Prometheus exporter: /metrics, /probe?check=NAME, /healthz'
complete -c intops -n "__fish_intops_needs_command" -f -a "action" -d 'Configured mitigations (restart, gmail-fallback, ...), audited in the incident timeline'
complete -c intops -n "__fish_intops_needs_command" -f -a "whatsapp" -d 'WhatsApp Cloud API: token, phone numbers, test send'
complete -c intops -n "__fish_intops_needs_command" -f -a "doctor" -d 'Every configured check, concurrently, one table'
complete -c intops -n "__fish_intops_needs_command" -f -a "incident" -d 'Guided incident flows that print the communication templates'
complete -c intops -n "__fish_intops_needs_command" -f -a "runbook" -d 'The runbooks, embedded in the binary'
complete -c intops -n "__fish_intops_needs_command" -f -a "api" -d 'Raw escape hatch: any vendor call with auth, retries and redaction'
complete -c intops -n "__fish_intops_needs_command" -f -a "auth" -d 'Secrets in the OS keyring'
complete -c intops -n "__fish_intops_needs_command" -f -a "queue" -d 'Message queue: Redis backlog and drain, Postgres message_queue'
complete -c intops -n "__fish_intops_needs_command" -f -a "logs" -d 'Integration logs: the integration_logs table and the Supabase Edge Function logs, with trace ids and error counts'
complete -c intops -n "__fish_intops_needs_command" -f -a "sandbox" -d 'Local simulator of every vendor API, for demos, drills and tests'
complete -c intops -n "__fish_intops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c intops -n "__fish_intops_needs_command" -f -a "man" -d 'Render man pages'
complete -c intops -n "__fish_intops_needs_command" -f -a "messenger" -d 'Facebook Messenger: Page token, subscribed_apps `messages`, page webhook, Send API test'
complete -c intops -n "__fish_intops_using_subcommand help" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand help" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand help" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand help" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand help" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand help" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand help" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand help" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand help" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand help" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand meta; and not __fish_seen_subcommand_from lead" -f -a "lead" -d 'Lead Ads: fetch one lead (field_data, form, ad, created time) with META_ACCESS_TOKEN'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand meta; and __fish_seen_subcommand_from lead" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand calendly; and not __fish_seen_subcommand_from subscriptions" -f -a "subscriptions" -d 'Webhook subscriptions: list, ensure, delete'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -f -a "list" -d 'Every subscription (all pages, organization and user scope) with its state'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -f -a "ensure" -d 'Create what is missing, recreate a disabled one; idempotent'
complete -c intops -n "__fish_intops_using_subcommand calendly; and __fish_seen_subcommand_from subscriptions" -f -a "delete" -d 'Delete one subscription by URI or uuid'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -f -a "refresh-token" -d 'Refresh the access token (ZOHO_CLIENT_ID/SECRET/REFRESH_TOKEN, ZOHO_DC) and store it'
complete -c intops -n "__fish_intops_using_subcommand zoho; and not __fish_seen_subcommand_from refresh-token check" -f -a "check" -d 'A cheap authenticated CRM call (current user); optionally create one test contact'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l force -d 'Refresh even when the cached token is younger than ~55 minutes'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from refresh-token" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l email -d 'E-mail of the test contact (default: a unique intops-test address at example.com)' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l create-test-contact -d 'Create one test contact (asks first; --yes, or --dry-run to see the request) and report Zoho\'s per-record answer, as create-zoho-contact would get it'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand zoho; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -f -a "check" -d 'Credits used/left and reset, subscription, agent (voicemail detection), phone number'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and not __fish_seen_subcommand_from check calls" -f -a "calls" -d 'Recent conversations and their outcome, or one conversation with --id'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l since -d 'How far back, e.g. 30m, 24h, 7d' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l limit -d 'At most this many conversations' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l id -d 'Show one conversation: outcome, termination reason, voicemail detection, summary' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l failed -d 'Only calls that failed or were judged unsuccessful'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand elevenlabs; and __fish_seen_subcommand_from calls" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand status" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand status" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand status" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand status" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand status" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand status" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand status" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand status" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand status" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand rets; and not __fish_seen_subcommand_from check" -f -a "check" -d 'Login (Digest/Basic + UA auth), capabilities, metadata, a 1-row search, logout; RESO freshness'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l feed -d 'Check one configured feed by name' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l concurrency -d 'Feeds checked at once with --all [default: 16, or rets.concurrency in the config]' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l resource -d 'RETS search resource (SearchType) [default: Property]' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l class -d 'RETS search class [default: RES]' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l query -d 'RETS DMQL2 query for the 1-row search [default: (ListPrice=0+)]' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l all -d 'Check every feed in [[PROFILE.rets.feeds]] (plus the RETS_* feed when set), concurrently'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand rets; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "status" -d 'App subscriptions, the WABA subscription, the Lead Ads page install and the callback handshake: everything that decides whether events reach us'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "verify" -d 'The hub.challenge handshake against our own callback: status, exact echo, latency'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "reregister" -d 'Verify the callback, subscribe, read back (runbook Option 2). Never deletes first'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "sign" -d 'Print the signature header for a payload file (Meta X-Hub-Signature-256 or Calendly)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "check-signature" -d 'Check a signature header against a payload file (constant-time, raw bytes)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "send-test" -d 'Post a realistic, correctly signed sample event to our callback'
complete -c intops -n "__fish_intops_using_subcommand webhook; and not __fish_seen_subcommand_from status verify reregister sign check-signature send-test backfill" -f -a "backfill" -d 'Re-deliver the leads or bookings created while the webhook was down (last step of the webhook incident): signed like the vendor, each at most once'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l url -d 'Callback URL to check (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l provider -d 'Which callback and verify token (default: every configured one; whatsapp with --url)' -r -f -a "whatsapp\t'WhatsApp: WHATSAPP_WEBHOOK_URL, WEBHOOK_VERIFY_TOKEN, POST /{WABA-ID}/subscribed_apps'
leadgen\t'Lead Ads: META_WEBHOOK_URL, META_VERIFY_TOKEN, POST /{app-id}/subscriptions object=page'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l provider -d 'What to re-register' -r -f -a "whatsapp\t'WhatsApp: WHATSAPP_WEBHOOK_URL, WEBHOOK_VERIFY_TOKEN, POST /{WABA-ID}/subscribed_apps'
leadgen\t'Lead Ads: META_WEBHOOK_URL, META_VERIFY_TOKEN, POST /{app-id}/subscriptions object=page'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l url -d 'Callback URL (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l override-callback -d 'WhatsApp: send the callback as override_callback_uri (+ verify_token) for this WABA only'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l replace -d 'Lead Ads: after the new subscription is confirmed, remove the page object\'s other fields (Messenger\'s stay while a Messenger Page is configured)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from reregister" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l provider -d 'Whose signature scheme: meta (X-Hub-Signature-256) or calendly (Calendly-Webhook-Signature)' -r -f -a "whatsapp\t'Meta (WhatsApp and Lead Ads): X-Hub-Signature-256 keyed with META_APP_SECRET'
calendly\t'Calendly-Webhook-Signature keyed with CALENDLY_SIGNING_KEY'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l file -d 'The payload, byte for byte as it is (or will be) sent' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l timestamp -d 'Calendly: the timestamp to sign with (Unix seconds; default now)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from sign" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l provider -d 'Whose signature scheme: meta (X-Hub-Signature-256) or calendly (Calendly-Webhook-Signature)' -r -f -a "whatsapp\t'Meta (WhatsApp and Lead Ads): X-Hub-Signature-256 keyed with META_APP_SECRET'
calendly\t'Calendly-Webhook-Signature keyed with CALENDLY_SIGNING_KEY'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l file -d 'The payload, byte for byte as received' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l header -d 'The header value (`sha256=…` or `t=…,v1=…`), or the whole `Name: value` line' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l tolerance -d 'Calendly: the largest accepted age of `t`, in seconds' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from check-signature" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l provider -d 'Which callback gets a signed sample event (the runbook\'s plain `intops webhook send-test` tests the WhatsApp one)' -r -f -a "whatsapp\t'A WhatsApp `messages` event to WHATSAPP_WEBHOOK_URL'
leadgen\t'A Lead Ads `leadgen` event to META_WEBHOOK_URL'
calendly\t'A Calendly `invitee.created` event to CALENDLY_WEBHOOK_URL'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l url -d 'Callback URL (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL / CALENDLY_WEBHOOK_URL)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from send-test" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l provider -d 'Whose events to recover' -r -f -a "leadgen\t'Lead Ads leads, as `leadgen` events to META_WEBHOOK_URL (X-Hub-Signature-256)'
calendly\t'Calendly bookings and cancellations, as invitee.created / invitee.canceled events to CALENDLY_WEBHOOK_URL (Calendly-Webhook-Signature)'"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l since -d 'Start of the outage: RFC 3339 (`2026-11-30T10:00:00Z`), `YYYY-MM-DD HH:MM` in UTC, or an age (`6h`, `2d`). Inclusive' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l until -d 'End of the outage, same forms (default now). Exclusive' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l incident -d 'Take the window from an incident: its start and resolve times (now while it is open)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l url -d 'Callback URL (default: META_WEBHOOK_URL / CALENDLY_WEBHOOK_URL)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l rate -d 'Re-deliveries per second (default 2, or `rate` under [PROFILE.backfill])' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l no-present-check -d 'Do not ask the application\'s database what it already has (the local ledger still keeps a second run from sending anything twice)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand webhook; and __fish_seen_subcommand_from backfill" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand exporter" -l listen -d 'Address to serve /metrics, /probe?check=NAME and /healthz on (port 0: any free port)' -r
complete -c intops -n "__fish_intops_using_subcommand exporter" -l log-format -d 'Log lines on stderr: text, or one JSON object per line' -r -f -a "text\t''
json\t''"
complete -c intops -n "__fish_intops_using_subcommand exporter" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand exporter" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand exporter" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand exporter" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand exporter" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand exporter" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand exporter" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand exporter" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand exporter" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand exporter" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -f -a "list" -d 'The configured actions: kind, what they run, their undo'
complete -c intops -n "__fish_intops_using_subcommand action; and not __fish_seen_subcommand_from list run" -f -a "run" -d 'Run one (asks first; --yes without a terminal; --dry-run shows exactly what would run)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l incident -d 'Record the run in this incident (default: the most recent open one)' -r
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l undo -d 'Run the action\'s `undo` instead (e.g. turn the Gmail fallback off again)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand action; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "token-debug" -d 'debug_token: valid?, type, expiry, scopes, days left'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "phone" -d 'Phone number(s): status, quality rating, name status, limits, health'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "send-test" -d 'Validation: send one test message'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "metrics" -d 'The runbook\'s detection queries against Prometheus (PROMETHEUS_URL), judged by the SLA table'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "token-rotate" -d 'Option 1: check a new token with debug_token, store it where the service reads it, restart, verify'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics token-rotate switch-number" -f -a "switch-number" -d 'Option 3: list the WABA\'s numbers with their health, switch WHATSAPP_PHONE_NUMBER_ID to a healthy backup, restart, verify'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l to -d 'Recipient in international format, e.g. +15551234567' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l text -d 'Message text (free-form text only reaches users who wrote in the last 24 h)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l template -d 'Send an approved template instead of text (works outside the 24 h window), e.g. hello_world' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l lang -d 'Template language code' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l store -d 'Where the service reads the token (repeatable). Default: the --env-file when given, else the keyring' -r -f -a "env-file\t'The file given with --env-file, rewritten atomically (mode kept)'
keyring\t'The OS keyring (service intops, account PROFILE/NAME)'
supabase\t'The Supabase project\'s Edge Function secrets (SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF)'"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l no-restart -d 'Do not run the `restart` action after storing'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-rotate" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l to -d 'The phone number id to switch to (default: the first healthy number that is not the current one)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l store -d 'Where the service reads the id (repeatable). Default: the --env-file when given, else the keyring' -r -f -a "env-file\t'The file given with --env-file, rewritten atomically (mode kept)'
keyring\t'The OS keyring (service intops, account PROFILE/NAME)'
supabase\t'The Supabase project\'s Edge Function secrets (SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF)'"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l recipient -d 'After the switch, send a test message from the new number to this recipient (+15551234567)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l template -d 'The test message: an approved template instead of text (a recipient who never wrote to the new number only receives templates), e.g. hello_world' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l lang -d 'Template language code' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l force -d 'Switch to the --to number even though it is not healthy (not CONNECTED, quality RED, name not approved)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l no-restart -d 'Do not run the `restart` action after storing'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from switch-number" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l prom-file -d 'Also write the Prometheus textfile-collector file here, atomically (temp file + rename), e.g. /var/lib/node_exporter/textfile/intops.prom' -r -F
complete -c intops -n "__fish_intops_using_subcommand doctor" -l check -d 'Run only these checks (repeatable), e.g. --check "whatsapp token"' -r -f -a "whatsapp token\t''
whatsapp phone\t''
whatsapp metrics\t''
webhooks\t''
calendly\t''
zoho\t''
elevenlabs\t''
rets\t''
queue\t''
status pages\t''
messenger\t''"
complete -c intops -n "__fish_intops_using_subcommand doctor" -l require -d 'Checks that must run, comma-separated (adds to the profile\'s `required_checks`): a required check that is not configured is unknown (exit 3), not skipped' -r -f -a "whatsapp token\t''
whatsapp phone\t''
whatsapp metrics\t''
webhooks\t''
calendly\t''
zoho\t''
elevenlabs\t''
rets\t''
queue\t''
status pages\t''
messenger\t''"
complete -c intops -n "__fish_intops_using_subcommand doctor" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand doctor" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand doctor" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand doctor" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -f -a "start" -d 'Open an incident: record it, run the flow\'s detection checks, print the Initial Alert'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -f -a "update" -d 'Record progress and print the Update template'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -f -a "resolve" -d 'Close an incident: duration, root cause, fix, validation, backlog; print the Resolution'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -f -a "list" -d 'Open and recent incidents'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l severity -d 'Severity (default: the flow\'s; asked on a terminal)' -r -f -a "sev1\t''
sev2\t''
sev3\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l impact -d 'Who or what is affected' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l workaround -d 'What users can do meanwhile' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l next-update -d 'When the next update is due: a duration (`30m`, `1h`) or a time as text' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l post -d 'Also post the template (asks first; --yes without a terminal; --dry-run shows it)' -r -f -a "slack\t'The incoming webhook in SLACK_WEBHOOK_URL'"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l no-checks -d 'Do not run the detection checks'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l fallback -d 'whatsapp-outage: turn on the Gmail fallback (the `gmail-fallback` action) right away'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l plain -d 'Drop the emoji from the template (for channels that mangle them)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l root-cause -d 'Root cause as known now' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l actions -d 'Actions taken since the last update' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l progress -d 'Progress towards recovery' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l next-update -d 'When the next update is due: a duration (`30m`) or a time as text' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l post -d 'Also post the template (asks first; --yes without a terminal; --dry-run shows it)' -r -f -a "slack\t'The incoming webhook in SLACK_WEBHOOK_URL'"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l plain -d 'Drop the emoji from the template (for channels that mangle them)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l root-cause -d 'Root cause, for the resolution notice and the timeline' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l fix -d 'What fixed it' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l validation -d 'A note on how recovery was validated, kept beside the flow\'s detection checks (which always run)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l post -d 'Also post the template (asks first; --yes without a terminal; --dry-run shows it)' -r -f -a "slack\t'The incoming webhook in SLACK_WEBHOOK_URL'"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l undo-fallback -d 'Turn the Gmail fallback off again (the `gmail-fallback` action\'s undo), the runbook\'s last step'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l plain -d 'Drop the emoji from the template (for channels that mangle them)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l all -d 'Every incident, not only open ones and those of the last 30 days'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -f -a "list" -d 'The runbooks in this binary, with severity and owners'
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -f -a "show" -d 'Print a runbook (markdown rendered on a terminal, plain text on a pipe)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l step -d 'Only this step (the numbered `##` sections; `--step 0` lists them)' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand api" -s f -l field -d 'A field: key=value (query string for GET/DELETE, form body otherwise). Repeatable' -r
complete -c intops -n "__fish_intops_using_subcommand api" -l token -d 'The credential to authenticate with, e.g. META_ACCESS_TOKEN' -r
complete -c intops -n "__fish_intops_using_subcommand api" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand api" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand api" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand api" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand api" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand api" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand api" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand api" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand api" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -f -a "set" -d 'Store a secret in the OS keyring (hidden prompt on a terminal, else read from stdin)'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -f -a "list" -d 'Where each known secret was found (env, env-file, keyring, missing); never the value'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -f -a "delete" -d 'Remove a secret from the OS keyring'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -f -a "requeue-dead" -d 'Dead letters back to the queue after an outage, filtered by reason, age or recipient'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -f -a "status" -d 'Redis backlog length and age, processing and dead-letter lists; Postgres message_queue by status'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -f -a "drain" -d 'Send the Redis backlog reliably (LMOVE/LREM), rate-limited, with a progress bar'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from requeue-dead status drain retry-failed" -f -a "retry-failed" -d 'Postgres message_queue: move failed rows back to pending, in one transaction; permanent errors (131047, 131026, invalid number, template) stay failed unless --include-permanent'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l reason -d 'Only entries whose error, cause or code contains this text (case-insensitive), e.g. `timed out`, `vendor error`, `131000`' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l since -d 'Only entries dead-lettered within this long (e.g. 30m, 2h)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l older-than -d 'Only entries dead-lettered longer ago than this' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l to -d 'Only items to this recipient (digits compared, so +1 555-0100 matches 15550100)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l limit -d 'Move at most N entries in this run (the oldest first; default 1000); it says how many stay in the dead-letter list, so run it again for more' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from requeue-dead" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l rate -d 'Most messages per second (Meta\'s default per-number throughput is 80); 0 = no limit' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l concurrency -d 'Messages in flight at once' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l max -d 'Take at most N items, then stop (the rest stay queued)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l max-attempts -d 'Attempts per item on server errors before it goes to the dead-letter list' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l via -d 'Post each item to the application\'s endpoint instead of the WhatsApp Cloud API, e.g. https://app.example.com/admin/messages/process-queue' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l since -d 'Only rows that failed within this long (e.g. 30m, 2h, 1d)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l channel -d 'Only rows of this channel (e.g. whatsapp)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l limit -d 'Move at most N rows (oldest first)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l include-permanent -d 'Also move rows whose error is permanent (131047 outside the 24-hour window, 131026 undeliverable, invalid number, template not approved): they will fail again as they are'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand logs" -l source -d 'Where to read: db, functions, or all (every configured source)' -r -f -a "db\t'The application\'s integration_logs table (DATABASE_URL)'
functions\t'Supabase Edge Function logs (SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF)'
all\t'Every source that is configured'"
complete -c intops -n "__fish_intops_using_subcommand logs" -l vendor -d 'Only this vendor (db: the vendor column; functions: names that contain it). Repeatable' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -l function -d 'An Edge Function to read (repeatable; default whatsapp-webhook, facebook-webhook, meta_webhook, calendly_webhook)' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -l since -d 'How far back, e.g. 15m, 1h, 24h (the functions source reads at most 24h)' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -l limit -d 'At most this many lines per source, newest first (counts cover the whole window)' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand logs" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand logs" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand logs" -l errors -d 'Only errors (level error/fatal/..., a filled error column, uncaught exceptions)'
complete -c intops -n "__fish_intops_using_subcommand logs" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand logs" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand logs" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand logs" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand logs" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l port -d 'Port on 127.0.0.1 (0 = any free port)' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l scenario -d 'Fault scenario(s), comma-separated; see --list-scenarios' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l latency-ms -d 'Latency added to every vendor answer, in milliseconds' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l demo -d 'Start the sandbox on a free port, run `intops doctor` against it (trusting its throwaway CA), print it, stop; exits as doctor would (0 on the healthy scenario)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l list-scenarios -d 'List the scenarios and exit'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l print-env -d 'Print the `export` lines that point intops at a sandbox on --port (with INTOPS_CA_FILE for its https callbacks), and exit (for `eval "$(intops sandbox --port 8089 --print-env)"` in a second shell)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand completions" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand completions" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand completions" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand completions" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand completions" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand completions" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand completions" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand completions" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand completions" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand man" -l out-dir -d 'Write one page per command into this directory instead of printing intops(1)' -r -F
complete -c intops -n "__fish_intops_using_subcommand man" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand man" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand man" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand man" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand man" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand man" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand man" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand man" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand man" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand man" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -f -a "check" -d 'The Page token (debug_token, pages_messaging), the Page\'s subscribed_apps with `messages`, the app\'s page webhook and its callback'
complete -c intops -n "__fish_intops_using_subcommand messenger; and not __fish_seen_subcommand_from check send-test" -f -a "send-test" -d 'Send one test message from the Page to a PSID through the Send API'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l psid -d 'The recipient\'s Page-scoped ID (PSID): `sender.id` in the webhook event of a message they sent this Page' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l text -d 'Message text (default: "intops test message" and the time)' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l tag -d 'Send as MESSAGE_TAG with this tag, for a non-promotional update outside the 24 h window (ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, HUMAN_AGENT)' -r -f -a "ACCOUNT_UPDATE\t''
CONFIRMED_EVENT_UPDATE\t''
POST_PURCHASE_UPDATE\t''
HUMAN_AGENT\t''"
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu' -r -f -a "table\t''
json\t''
prom\t''
nagios\t''"
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand messenger; and __fish_seen_subcommand_from send-test" -s V -l version -d 'Print version'
