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
complete -c intops -n "__fish_intops_needs_command" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_needs_command" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_needs_command" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_needs_command" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_needs_command" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_needs_command" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_needs_command" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_needs_command" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_needs_command" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_needs_command" -f -a "whatsapp" -d 'WhatsApp Cloud API: token, phone numbers, test send'
complete -c intops -n "__fish_intops_needs_command" -f -a "doctor" -d 'Every configured check, concurrently, one table'
complete -c intops -n "__fish_intops_needs_command" -f -a "incident" -d 'Guided incident flows that print the communication templates'
complete -c intops -n "__fish_intops_needs_command" -f -a "runbook" -d 'The runbooks, embedded in the binary'
complete -c intops -n "__fish_intops_needs_command" -f -a "api" -d 'Raw escape hatch: any vendor call with auth, retries and redaction'
complete -c intops -n "__fish_intops_needs_command" -f -a "auth" -d 'Secrets in the OS keyring'
complete -c intops -n "__fish_intops_needs_command" -f -a "sandbox" -d 'Local simulator of every vendor API, for demos, drills and tests'
complete -c intops -n "__fish_intops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c intops -n "__fish_intops_needs_command" -f -a "man" -d 'Render man pages'
complete -c intops -n "__fish_intops_needs_command" -f -a "help" -d 'Help for a command, or a topic: `intops help exit-codes`'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -f -a "token-debug" -d 'debug_token: valid?, type, expiry, scopes, days left'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -f -a "phone" -d 'Phone number(s): status, quality rating, name status, limits, health'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -f -a "send-test" -d 'Validation: send one test message'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test metrics" -f -a "metrics" -d 'The runbook\'s detection queries against Prometheus (PROMETHEUS_URL), judged by the SLA table'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from token-debug" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from phone" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from send-test" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and __fish_seen_subcommand_from metrics" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l prom-file -d 'Also write the Prometheus textfile-collector file here, atomically (temp file + rename), e.g. /var/lib/node_exporter/textfile/intops.prom' -r -F
complete -c intops -n "__fish_intops_using_subcommand doctor" -l check -d 'Run only these checks (repeatable), e.g. --check "whatsapp token"' -r
complete -c intops -n "__fish_intops_using_subcommand doctor" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand doctor" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand doctor" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand doctor" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and not __fish_seen_subcommand_from start update resolve list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from start" -l no-checks -d 'Do not run the detection checks'
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
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l plain -d 'Drop the emoji from the template (for channels that mangle them)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l root-cause -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l fix -d 'What fixed it' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l validation -d 'How recovery was validated' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l post -d 'Also post the template (asks first; --yes without a terminal; --dry-run shows it)' -r -f -a "slack\t'The incoming webhook in SLACK_WEBHOOK_URL'"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l plain -d 'Drop the emoji from the template (for channels that mangle them)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand incident; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand runbook; and not __fish_seen_subcommand_from list show" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand api" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand api" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand api" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand api" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand api" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand api" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand api" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c intops -n "__fish_intops_using_subcommand api" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and not __fish_seen_subcommand_from set list delete" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand auth; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l port -d 'Port on 127.0.0.1 (0 = any free port)' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l scenario -d 'Fault scenario(s), comma-separated; see --list-scenarios' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l latency-ms -d 'Latency added to every vendor answer, in milliseconds' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l demo -d 'Start the sandbox on a free port, run the main checks against it, print them, stop'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l list-scenarios -d 'List the scenarios and exit'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand sandbox" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand completions" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand completions" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand man" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand man" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand man" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand man" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand man" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand man" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand man" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand man" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand man" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand help" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand help" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand help" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand help" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand help" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand help" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand help" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand help" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand help" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand help" -s V -l version -d 'Print version'
