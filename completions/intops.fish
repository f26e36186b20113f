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
complete -c intops -n "__fish_intops_needs_command" -f -a "api" -d 'Raw escape hatch: any vendor call with auth, retries and redaction'
complete -c intops -n "__fish_intops_needs_command" -f -a "auth" -d 'Secrets in the OS keyring'
complete -c intops -n "__fish_intops_needs_command" -f -a "queue" -d 'Message queue: Redis backlog and drain, Postgres message_queue'
complete -c intops -n "__fish_intops_needs_command" -f -a "sandbox" -d 'Local simulator of every vendor API, for demos, drills and tests'
complete -c intops -n "__fish_intops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c intops -n "__fish_intops_needs_command" -f -a "man" -d 'Render man pages'
complete -c intops -n "__fish_intops_needs_command" -f -a "help" -d 'Help for a command, or a topic: `intops help exit-codes`'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -f -a "token-debug" -d 'debug_token: valid?, type, expiry, scopes, days left'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -f -a "phone" -d 'Phone number(s): status, quality rating, name status, limits, health'
complete -c intops -n "__fish_intops_using_subcommand whatsapp; and not __fish_seen_subcommand_from token-debug phone send-test" -f -a "send-test" -d 'Validation: send one test message'
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
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -s V -l version -d 'Print version'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -f -a "status" -d 'Redis backlog length and age, processing and dead-letter lists; Postgres message_queue by status'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -f -a "drain" -d 'Send the Redis backlog reliably (LMOVE/LREM), rate-limited, with a progress bar'
complete -c intops -n "__fish_intops_using_subcommand queue; and not __fish_seen_subcommand_from status drain retry-failed" -f -a "retry-failed" -d 'Postgres message_queue: move failed rows back to pending, in one transaction'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -l profile -d 'Profile: a table in config.toml and the keyring account prefix' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from drain" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
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
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s o -l output -d 'Output format: table for people, json for scripts, prom for the node_exporter textfile collector' -r -f -a "table\t''
json\t''
prom\t''"
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l env-file -d 'Read credentials and settings from a service\'s .env file (after the environment)' -r -F
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l timeout -d 'Per-request timeout in seconds (retries stay within 3x this)' -r
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s y -l yes -d 'Answer yes to confirmations (required for destructive steps when stdin is not a terminal)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l dry-run -d 'Print the requests a mutating step would send; send none'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s v -l verbose -d 'HTTP trace on stderr, secrets redacted (-vv for more)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -l no-color -d 'No colours (also: NO_COLOR=1)'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s h -l help -d 'Print help'
complete -c intops -n "__fish_intops_using_subcommand queue; and __fish_seen_subcommand_from retry-failed" -s V -l version -d 'Print version'
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
