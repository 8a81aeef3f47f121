#!/bin/bash

__everyauth_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__everyauth_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__everyauth_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__everyauth_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_everyauth() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    service|authorize|identity|incidents|oncall|schedules|services|users|teams|escalation-policies|maintenance-windows|api|exec|store|serve|version|help)
        # Offer subcommand argument completions
        "_everyauth_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'service authorize identity incidents oncall schedules services users teams escalation-policies maintenance-windows api exec store serve version help' -- "${cur}"))
        ;;
    esac
}

_everyauth_service() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|get|ls|rm)
        # Offer subcommand argument completions
        "_everyauth_service_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set get ls rm' -- "${cur}"))
        ;;
    esac
}

_everyauth_service_set() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --scope --clientId --client-id --clientSecret --client-secret --region --authorizationUrl --authorization-url --tokenUrl --token-url --revocationUrl --revocation-url --apiUrl --api-url --redirectPort --redirect-port --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--scope')
        return
        ;;
    '--clientId'|'--client-id')
        return
        ;;
    '--clientSecret'|'--client-secret')
        return
        ;;
    '--region')
        __everyauth_add_completions -W 'us'$'\n''eu'
        return
        ;;
    '--authorizationUrl'|'--authorization-url')
        return
        ;;
    '--tokenUrl'|'--token-url')
        return
        ;;
    '--revocationUrl'|'--revocation-url')
        return
        ;;
    '--apiUrl'|'--api-url')
        return
        ;;
    '--redirectPort'|'--redirect-port')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_service_get() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_service_ls() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_service_rm() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v -y --yes --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_authorize() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --no-browser --client-credentials --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --scope --port --timeout --finished-url --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion authorize -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        return
        ;;
    '--scope')
        return
        ;;
    '--port')
        return
        ;;
    '--timeout')
        return
        ;;
    '--finished-url')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    ls|get|token|add|rm|status|check|refresh|switch)
        # Offer subcommand argument completions
        "_everyauth_identity_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'ls get token add rm status check refresh switch' -- "${cur}"))
        ;;
    esac
}

_everyauth_identity_ls() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity ls -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity ls -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_get() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --no-refresh --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity get -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity get -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity get -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_token() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --no-refresh --header --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity token -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity token -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity token -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_add() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --token)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity add -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--tag')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_rm() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v -y --yes --quiet -q --revoke --force --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --webhook-url --webhook-secret-file)
    __everyauth_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity rm -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity rm -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity rm -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--webhook-secret-file')
        __everyauth_add_completions -f
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    2)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity rm -- positional@1 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_identity_status() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity status -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity status -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity status -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_check() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --all --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --refresh-ahead --webhook-url --webhook-secret-file --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity check -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity check -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity check -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--refresh-ahead')
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--webhook-secret-file')
        __everyauth_add_completions -f
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_refresh() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity refresh -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity refresh -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity refresh -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_identity_switch() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --user-id)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion identity switch -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_incidents() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|ack|resolve|reassign|snooze|note|notes|merge|log|open|watch|create|update)
        # Offer subcommand argument completions
        "_everyauth_incidents_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show ack resolve reassign snooze note notes merge log open watch create update' -- "${cur}"))
        ;;
    esac
}

_everyauth_incidents_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --all-time --all --no-header --version -h --help)
    repeating_options=(--tag --status --urgency --service --service-id --team --team-id --assignee --assignee-id --sort-by --include)
    non_repeating_options=(--config-dir --store --user-id --id --token --since --until --time-zone --limit --concurrency --output -o --fields)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--status')
        __everyauth_add_completions -W 'triggered'$'\n''acknowledged'$'\n''resolved'$'\n''open'$'\n''all'
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--service'|'--service-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents list -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--team'|'--team-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents list -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--assignee'|'--assignee-id')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--sort-by')
        __everyauth_add_completions -W 'incident_number'$'\n''incident_number:asc'$'\n''incident_number:desc'$'\n''created_at'$'\n''created_at:asc'$'\n''created_at:desc'$'\n''resolved_at'$'\n''resolved_at:asc'$'\n''resolved_at:desc'$'\n''urgency'$'\n''urgency:asc'$'\n''urgency:desc'
        return
        ;;
    '--include')
        __everyauth_add_completions -W 'acknowledgers'$'\n''agents'$'\n''assignees'$'\n''conference_bridge'$'\n''escalation_policies'$'\n''first_trigger_log_entries'$'\n''priorities'$'\n''services'$'\n''teams'$'\n''users'
        return
        ;;
    '--time-zone')
        return
        ;;
    '--limit')
        return
        ;;
    '--concurrency')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    '--fields')
        return
        ;;
    esac
}

_everyauth_incidents_show() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents show -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents show -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents show -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_ack() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --all-time -y --yes --version -h --help)
    repeating_options=(--tag --status --urgency --service --service-id --team --team-id --assignee --assignee-id --sort-by --include)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --since --until --time-zone --limit --output -o)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents ack -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents ack -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents ack -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--status')
        __everyauth_add_completions -W 'triggered'$'\n''acknowledged'$'\n''resolved'$'\n''open'$'\n''all'
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--service'|'--service-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents ack -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--team'|'--team-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents ack -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--assignee'|'--assignee-id')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--sort-by')
        __everyauth_add_completions -W 'incident_number'$'\n''incident_number:asc'$'\n''incident_number:desc'$'\n''created_at'$'\n''created_at:asc'$'\n''created_at:desc'$'\n''resolved_at'$'\n''resolved_at:asc'$'\n''resolved_at:desc'$'\n''urgency'$'\n''urgency:asc'$'\n''urgency:desc'
        return
        ;;
    '--include')
        __everyauth_add_completions -W 'acknowledgers'$'\n''agents'$'\n''assignees'$'\n''conference_bridge'$'\n''escalation_policies'$'\n''first_trigger_log_entries'$'\n''priorities'$'\n''services'$'\n''teams'$'\n''users'
        return
        ;;
    '--time-zone')
        return
        ;;
    '--limit')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_resolve() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --all-time -y --yes --version -h --help)
    repeating_options=(--tag --status --urgency --service --service-id --team --team-id --assignee --assignee-id --sort-by --include)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --since --until --time-zone --limit --output -o)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents resolve -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents resolve -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents resolve -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--status')
        __everyauth_add_completions -W 'triggered'$'\n''acknowledged'$'\n''resolved'$'\n''open'$'\n''all'
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--service'|'--service-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents resolve -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--team'|'--team-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents resolve -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--assignee'|'--assignee-id')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--sort-by')
        __everyauth_add_completions -W 'incident_number'$'\n''incident_number:asc'$'\n''incident_number:desc'$'\n''created_at'$'\n''created_at:asc'$'\n''created_at:desc'$'\n''resolved_at'$'\n''resolved_at:asc'$'\n''resolved_at:desc'$'\n''urgency'$'\n''urgency:asc'$'\n''urgency:desc'
        return
        ;;
    '--include')
        __everyauth_add_completions -W 'acknowledgers'$'\n''agents'$'\n''assignees'$'\n''conference_bridge'$'\n''escalation_policies'$'\n''first_trigger_log_entries'$'\n''priorities'$'\n''services'$'\n''teams'$'\n''users'
        return
        ;;
    '--time-zone')
        return
        ;;
    '--limit')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_reassign() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --to-user)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --to-escalation-policy --output -o)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents reassign -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents reassign -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents reassign -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--to-user')
        return
        ;;
    '--to-escalation-policy')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents reassign -- --to-escalation-policy "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_snooze() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --for)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents snooze -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents snooze -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents snooze -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--for')
        return
        ;;
    esac
}

_everyauth_incidents_note() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --from)
    __everyauth_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents note -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents note -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents note -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    esac
}

_everyauth_incidents_notes() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents notes -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents notes -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents notes -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_merge() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --from)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents merge -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents merge -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents merge -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    esac
}

_everyauth_incidents_log() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --all --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents log -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents log -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents log -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_open() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents open -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents open -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents open -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    esac
}

_everyauth_incidents_watch() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --all-time --version -h --help)
    repeating_options=(--tag --status --urgency --service --service-id --team --team-id --assignee --assignee-id --sort-by --include)
    non_repeating_options=(--config-dir --store --user-id --id --token --since --until --time-zone --interval --output -o --exec)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents watch -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents watch -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents watch -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--status')
        __everyauth_add_completions -W 'triggered'$'\n''acknowledged'$'\n''resolved'$'\n''open'$'\n''all'
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--service'|'--service-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents watch -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--team'|'--team-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents watch -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--assignee'|'--assignee-id')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--sort-by')
        __everyauth_add_completions -W 'incident_number'$'\n''incident_number:asc'$'\n''incident_number:desc'$'\n''created_at'$'\n''created_at:asc'$'\n''created_at:desc'$'\n''resolved_at'$'\n''resolved_at:asc'$'\n''resolved_at:desc'$'\n''urgency'$'\n''urgency:asc'$'\n''urgency:desc'
        return
        ;;
    '--include')
        __everyauth_add_completions -W 'acknowledgers'$'\n''agents'$'\n''assignees'$'\n''conference_bridge'$'\n''escalation_policies'$'\n''first_trigger_log_entries'$'\n''priorities'$'\n''services'$'\n''teams'$'\n''users'
        return
        ;;
    '--time-zone')
        return
        ;;
    '--interval')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''ndjson'
        return
        ;;
    '--exec')
        return
        ;;
    esac
}

_everyauth_incidents_create() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --assign)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --service --title --urgency --priority --body --escalation-policy --key --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents create -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents create -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents create -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--service')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents create -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--title')
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--priority')
        return
        ;;
    '--body')
        return
        ;;
    '--escalation-policy')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents create -- --escalation-policy "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--assign')
        return
        ;;
    '--key')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_incidents_update() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --title --urgency --priority --escalation-level --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents update -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents update -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion incidents update -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--title')
        return
        ;;
    '--urgency')
        __everyauth_add_completions -W 'high'$'\n''low'
        return
        ;;
    '--priority')
        return
        ;;
    '--escalation-level')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_oncall() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --next --version -h --help)
    repeating_options=(--tag --schedule --escalation-policy)
    non_repeating_options=(--config-dir --store --user-id --id --token --user --at --time-zone --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion oncall -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion oncall -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion oncall -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--user')
        return
        ;;
    '--schedule')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion oncall -- --schedule "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--escalation-policy')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion oncall -- --escalation-policy "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--at')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_schedules() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|override|overrides|override-rm)
        # Offer subcommand argument completions
        "_everyauth_schedules_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show override overrides override-rm' -- "${cur}"))
        ;;
    esac
}

_everyauth_schedules_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --query --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--query')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_schedules_show() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --me --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --since --until --time-zone --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules show -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules show -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules show -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules show -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_schedules_override() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v -y --yes --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --user --start --end --time-zone --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--user')
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_schedules_overrides() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --since --until --time-zone --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules overrides -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules overrides -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules overrides -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules overrides -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_schedules_override-rm() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v -y --yes --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override-rm -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override-rm -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override-rm -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion schedules override-rm -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_services() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show)
        # Offer subcommand argument completions
        "_everyauth_services_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show' -- "${cur}"))
        ;;
    esac
}

_everyauth_services_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --team)
    non_repeating_options=(--config-dir --store --user-id --id --token --query --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--query')
        return
        ;;
    '--team')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services list -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_services_show() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services show -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services show -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services show -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion services show -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_users() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|me)
        # Offer subcommand argument completions
        "_everyauth_users_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show me' -- "${cur}"))
        ;;
    esac
}

_everyauth_users_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --team)
    non_repeating_options=(--config-dir --store --user-id --id --token --query --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--query')
        return
        ;;
    '--team')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users list -- --team "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_users_show() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users show -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users show -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users show -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_users_me() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users me -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users me -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion users me -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_teams() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list)
        # Offer subcommand argument completions
        "_everyauth_teams_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list' -- "${cur}"))
        ;;
    esac
}

_everyauth_teams_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --query --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion teams list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion teams list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion teams list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--query')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_escalation-policies() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show)
        # Offer subcommand argument completions
        "_everyauth_escalation-policies_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show' -- "${cur}"))
        ;;
    esac
}

_everyauth_escalation-policies_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --query --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--query')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_escalation-policies_show() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token --output -o)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies show -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies show -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies show -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion escalation-policies show -- positional@0 "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_everyauth_maintenance-windows() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|create|end)
        # Offer subcommand argument completions
        "_everyauth_maintenance-windows_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list create end' -- "${cur}"))
        ;;
    esac
}

_everyauth_maintenance-windows_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --service)
    non_repeating_options=(--config-dir --store --user-id --id --token --state --time-zone --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows list -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows list -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows list -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--service')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows list -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--state')
        __everyauth_add_completions -W 'open'$'\n''ongoing'$'\n''future'$'\n''past'$'\n''all'
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_maintenance-windows_create() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --service)
    non_repeating_options=(--config-dir --store --user-id --id --token --from --for --start --end --description --time-zone --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows create -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows create -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows create -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    '--from')
        return
        ;;
    '--service')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows create -- --service "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--for')
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--description')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_maintenance-windows_end() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--config-dir --store --user-id --id --token)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows end -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows end -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion maintenance-windows end -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    esac
}

_everyauth_api() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --paginate -i --include --version -h --help)
    repeating_options=(-f --raw-field -F --field -H --header --tag)
    non_repeating_options=(--config-dir --store -X --method --input -o --output --from --user-id --id --token)
    __everyauth_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '-X'|'--method')
        return
        ;;
    '-f'|'--raw-field')
        return
        ;;
    '-F'|'--field')
        return
        ;;
    '-H'|'--header')
        return
        ;;
    '--input')
        __everyauth_add_completions -f
        return
        ;;
    '-o'|'--output')
        __everyauth_add_completions -W 'json'$'\n''ndjson'
        return
        ;;
    '--from')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion api -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion api -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion api -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--token')
        return
        ;;
    esac
}

_everyauth_exec() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--tag --env)
    non_repeating_options=(--config-dir --store --user-id --id --min-valid)
    __everyauth_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--user-id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion exec -- --user-id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--id')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion exec -- --id "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--tag')
        __everyauth_add_completions -W "$(__everyauth_custom_complete ---completion exec -- --tag "${COMP_CWORD}" "$(__everyauth_cursor_index_in_current_word)")"
        return
        ;;
    '--env')
        return
        ;;
    '--min-valid')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __everyauth_add_completions -W 'pagerduty'
        return
        ;;
    esac
}

_everyauth_store() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    info|migrate|rekey)
        # Offer subcommand argument completions
        "_everyauth_store_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'info migrate rekey' -- "${cur}"))
        ;;
    esac
}

_everyauth_store_info() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_store_migrate() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --to --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--to')
        __everyauth_add_completions -d
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_store_rekey() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store --output -o)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--output'|'-o')
        __everyauth_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''tsv'
        return
        ;;
    esac
}

_everyauth_serve() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=(--trusted-proxy)
    non_repeating_options=(--config-dir --store --listen --public-url --user-id-header --finished-url --webhook-url --webhook-secret-file)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    '--listen')
        return
        ;;
    '--public-url')
        return
        ;;
    '--user-id-header')
        return
        ;;
    '--finished-url')
        return
        ;;
    '--trusted-proxy')
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--webhook-secret-file')
        __everyauth_add_completions -f
        return
        ;;
    esac
}

_everyauth_version() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config-dir --store)
    __everyauth_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config-dir')
        __everyauth_add_completions -d
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_everyauth_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __everyauth_offer_flags_options -1
}

complete -o filenames -F _everyauth everyauth
