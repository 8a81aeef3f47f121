function __everyauth_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __everyauth_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __everyauth_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __everyauth_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __everyauth_parse_tokens -S
    set -l unparsed_tokens (__everyauth_tokens -pc)
    switch $unparsed_tokens[1]
    case 'everyauth'
        __everyauth_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'service'
            __everyauth_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'set'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'scope=' 'clientId=' 'clientSecret=' 'region=' 'authorizationUrl=' 'tokenUrl=' 'apiUrl=' 'redirectPort=' 'version' 'h/help'
            case 'get'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'o/output=' 'version' 'h/help'
            case 'ls'
                __everyauth_parse_subcommand 0 'config-dir=' 'v/verbose' 'o/output=' 'version' 'h/help'
            case 'rm'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            end
        case 'authorize'
            __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'tag=+' 'scope=' 'port=' 'no-browser' 'timeout=' 'finished-url=' 'o/output=' 'version' 'h/help'
        case 'identity'
            __everyauth_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'ls'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'tag=+' 'o/output=' 'version' 'h/help'
            case 'get'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'id=' 'no-refresh' 'version' 'h/help'
            case 'token'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'id=' 'no-refresh' 'version' 'h/help'
            case 'add'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'token=' 'tag=+' 'version' 'h/help'
            case 'rm'
                __everyauth_parse_subcommand 1 'config-dir=' 'v/verbose' 'user-id=' 'id=' 'q/quiet' 'version' 'h/help'
            end
        case 'incidents'
            __everyauth_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __everyauth_parse_subcommand 0 'config-dir=' 'v/verbose' 'user-id=' 'token=' 'status=+' 'urgency=+' 'service-id=+' 'team-id=+' 'assignee-id=+' 'me' 'since=' 'until=' 'all-time' 'sort-by=+' 'include=+' 'time-zone=' 'limit=' 'all' 'concurrency=' 'o/output=' 'fields=' 'no-header' 'version' 'h/help'
            end
        case 'help'
            __everyauth_parse_subcommand -r 1 'version'
        end
    end
end

function __everyauth_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __everyauth_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __everyauth_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __everyauth_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__everyauth_tokens -p)
    if test -z "$(__everyauth_tokens -t)"
        set -l index (count (__everyauth_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'everyauth' -f
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth" -eq 1' -fa 'service' -d 'Configure the OAuth client of a service (client id, secret, endpoints).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth" -eq 1' -fa 'authorize' -d 'Authorize access to a service for a user through the browser (OAuth with PKCE).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth" -eq 1' -fa 'identity' -d 'List, read, add and remove stored identities (one user\'s credential for one service).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth" -eq 1' -fa 'incidents' -d 'List PagerDuty incidents.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service" -eq 1' -fa 'set' -d 'Set the OAuth client settings of a service; only the given keys change.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service" -eq 1' -fa 'get' -d 'Show the settings of a service (defaults filled in; the client secret as ***).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service" -eq 1' -fa 'ls' -d 'List the configured services.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service" -eq 1' -fa 'rm' -d 'Forget the settings of a service (its identities stay).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service set" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" scope' -l 'scope' -d 'OAuth scopes, space-separated (default: read write).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" client-id clientId' -l 'clientId' -l 'client-id' -d 'The OAuth client id of your PagerDuty app.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" client-secret clientSecret' -l 'clientSecret' -l 'client-secret' -d 'The OAuth client secret; \'-\' reads it from stdin.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" region' -l 'region' -d 'PagerDuty service region: us or eu (default: us).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" authorization-url authorizationUrl' -l 'authorizationUrl' -l 'authorization-url' -d 'Authorization endpoint (https, or http to a loopback host).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" token-url tokenUrl' -l 'tokenUrl' -l 'token-url' -d 'Token endpoint (https, or http to a loopback host).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" api-url apiUrl' -l 'apiUrl' -l 'api-url' -d 'REST API base URL (default by region).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" redirect-port redirectPort' -l 'redirectPort' -l 'redirect-port' -d 'Loopback port of the OAuth redirect; 0 picks a free one (default: 0).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service get" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service get" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service get" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service get" o output' -l 'output' -s 'o' -d 'Output format (default: table on a terminal, else tsv with a header line).' -rfka 'table json ndjson csv tsv'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service get" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service ls" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service ls" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service ls" o output' -l 'output' -s 'o' -d 'Output format (default: table on a terminal, else tsv with a header line).' -rfka 'table json ndjson csv tsv'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service ls" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service ls" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service rm" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service rm" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth service rm" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service rm" q quiet' -l 'quiet' -s 'q' -d 'Print no confirmation.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service rm" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth service rm" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth authorize" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" user-id' -l 'user-id' -d 'Your app\'s id for the user (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion authorize -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize"' -l 'tag' -d 'A tag to set on the identity (repeatable).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" scope' -l 'scope' -d 'Scope to request instead of the service\'s.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" port' -l 'port' -d 'Port of the loopback listener (default: the service\'s redirectPort, else any free port).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" no-browser' -l 'no-browser' -d 'Only print the authorization address; do not start a browser.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" timeout' -l 'timeout' -d 'Seconds to wait for the authorization.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" finished-url' -l 'finished-url' -d 'Send the browser here after success instead of the thank-you page.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" o output' -l 'output' -s 'o' -d 'Print the stored identity (without tokens) on stdout: json.' -rfka 'table json ndjson csv tsv'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth authorize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity" -eq 1' -fa 'ls' -d 'List stored identities (never their tokens).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity" -eq 1' -fa 'get' -d 'Print an identity\'s credential JSON (refreshed first when it expires within 5 minutes).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity" -eq 1' -fa 'token' -d 'Print an identity\'s access token and a newline (refreshed first when needed).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity" -eq 1' -fa 'add' -d 'Store a PagerDuty API key as an identity (sent as \'Token token=...\', never refreshed).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity" -eq 1' -fa 'rm' -d 'Remove an identity; asks first on a terminal unless -q is given.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity ls" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" user-id' -l 'user-id' -d 'Only this user id.' -rfka '(__everyauth_custom_completion ---completion identity ls -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls"' -l 'tag' -d 'Only identities with this KEY=VALUE tag; repeat to require more.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" o output' -l 'output' -s 'o' -d 'Output format (default: table on a terminal, else tsv with a header line).' -rfka 'table json ndjson csv tsv'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity ls" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity get" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" user-id' -l 'user-id' -d 'The app\'s user id (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion identity get -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" id' -l 'id' -d 'The identity id (idn-...), instead of --user-id.' -rfka '(__everyauth_custom_completion ---completion identity get -- --id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" no-refresh' -l 'no-refresh' -d 'Print the stored credential without refreshing it.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity token" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" user-id' -l 'user-id' -d 'The app\'s user id (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion identity token -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" id' -l 'id' -d 'The identity id (idn-...), instead of --user-id.' -rfka '(__everyauth_custom_completion ---completion identity token -- --id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" no-refresh' -l 'no-refresh' -d 'Print the stored token without refreshing it.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity add" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" user-id' -l 'user-id' -d 'The app\'s user id (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion identity add -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" token' -l 'token' -d 'The API key, or \'-\' to read it from stdin (keeps it out of shell history).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add"' -l 'tag' -d 'A KEY=VALUE tag; repeat for more.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth identity rm" -eq 1' -fka 'pagerduty'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" user-id' -l 'user-id' -d 'The app\'s user id (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion identity rm -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" id' -l 'id' -d 'The identity id (idn-...), instead of --user-id.' -rfka '(__everyauth_custom_completion ---completion identity rm -- --id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" q quiet' -l 'quiet' -s 'q' -d 'Do not ask and print no confirmation (needed when stdin is not a terminal).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth identity rm" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_positional "everyauth incidents" -eq 1' -fa 'list' -d 'List incidents, filtered as PagerDuty\'s GET /incidents allows.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" config-dir' -l 'config-dir' -d 'Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).' -rfa '(__everyauth_complete_directories)'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" v verbose' -l 'verbose' -s 'v' -d 'Trace HTTP requests on stderr (secrets redacted).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" user-id' -l 'user-id' -d 'Use the stored identity of this user id (default: $EVERYAUTH_USER_ID, else the login name).' -rfka '(__everyauth_custom_completion ---completion incidents list -- --user-id (count (__everyauth_tokens -pc)) (__everyauth_tokens -tC))'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" token' -l 'token' -d 'Use this token instead of a stored identity (default: $PAGERDUTY_TOKEN).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'status' -d 'triggered, acknowledged, resolved, open (triggered+acknowledged, the default) or all; repeatable.' -rfka 'triggered acknowledged resolved open all'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'urgency' -d 'high or low; repeatable.' -rfka 'high low'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'service-id' -d 'Only incidents of this service; repeatable.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'team-id' -d 'Only incidents of this team; repeatable.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'assignee-id' -d 'Only incidents assigned to this user; repeatable.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" me' -l 'me' -d 'Only incidents assigned to the token\'s own user.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" since' -l 'since' -d 'Created at or after TIME.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" until' -l 'until' -d 'Created before TIME.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" all-time' -l 'all-time' -d 'No date window (date_range=all).'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'sort-by' -d 'FIELD[:asc|desc], FIELD one of incident_number, created_at, resolved_at, urgency; at most two.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list"' -l 'include' -d 'Extra details to include; repeatable.' -rfka 'acknowledgers agents assignees conference_bridge escalation_policies first_trigger_log_entries priorities services teams users'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" time-zone' -l 'time-zone' -d 'Time zone PagerDuty renders times in (tzinfo name).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" limit' -l 'limit' -d 'At most this many incidents (default 25).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" all' -l 'all' -d 'Every matching incident, fetched concurrently.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" concurrency' -l 'concurrency' -d 'Pages in flight at once with --all (default 8).' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" o output' -s 'o' -l 'output' -d 'table, json, ndjson, csv or tsv (default: table on a terminal, else tsv).' -rfka 'table json ndjson csv tsv'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" fields' -l 'fields' -d 'Columns as comma-separated dotted paths.' -rfka ''
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" no-header' -l 'no-header' -d 'Leave out the header line.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" version' -l 'version' -d 'Show the version.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth incidents list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'everyauth' -n '__everyauth_should_offer_completions_for_flags_or_options "everyauth help" version' -l 'version' -d 'Show the version.'
