# bash completion for otpcli: commands, options and choices are answered by the shell
# itself (no Python starts on TAB); only profile names run `otpcli __complete-profiles`.
# Generated from otpcli's command tree by scripts/gen-completions: do not edit by hand.
# `otpcli completion bash` prints this same script.
# Use: add to ~/.bashrc `source /path/to/otpcli.bash`, or copy this file to
# ~/.local/share/bash-completion/completions/otpcli (loaded on first TAB).

_otpcli_node() {
    case $1 in
    otpcli)
        _otpcli_subs=(login confirm send validate list show trust-send trust-verify trust-login doctor completion auth config sandbox)
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --version --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli login')
        _otpcli_subs=()
        _otpcli_opts=(--country-code -c --insecure-storage --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--country-code -c --profile -p --timeout)
        ;;
    'otpcli confirm')
        _otpcli_subs=()
        _otpcli_opts=(--otp --country-code -c --insecure-storage --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--otp --country-code -c --profile -p --timeout)
        ;;
    'otpcli send')
        _otpcli_subs=()
        _otpcli_opts=(--project --project-flow --gateway -g --type --force --manual --title --language --whatsapp-template --country-code -c --token-stdin --from --concurrency --rate --resume --retry-abandoned --max-connection-failures --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--project --project-flow --gateway -g --type --title --language --whatsapp-template --country-code -c --from --concurrency --rate --resume --max-connection-failures --profile -p --timeout)
        ;;
    'otpcli validate')
        _otpcli_subs=()
        _otpcli_opts=(--otp --project --project-flow --gateway -g --country-code -c --token-stdin --from --concurrency --rate --resume --retry-abandoned --max-connection-failures --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--otp --project --project-flow --gateway -g --country-code -c --from --concurrency --rate --resume --max-connection-failures --profile -p --timeout)
        ;;
    'otpcli list')
        _otpcli_subs=()
        _otpcli_opts=(--status --project --type --gateway -g --limit --page --all --country-code -c --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--status --project --type --gateway -g --limit --page --country-code -c --profile -p --timeout)
        ;;
    'otpcli show')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli trust-send')
        _otpcli_subs=()
        _otpcli_opts=(--nin --skip-nin-check --channel --country-code -c --token-stdin --from --concurrency --rate --resume --retry-abandoned --max-connection-failures --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--nin --channel --country-code -c --from --concurrency --rate --resume --max-connection-failures --profile -p --timeout)
        ;;
    'otpcli trust-verify')
        _otpcli_subs=()
        _otpcli_opts=(--otp --token-stdin --from --concurrency --rate --resume --retry-abandoned --max-connection-failures --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--otp --from --concurrency --rate --resume --max-connection-failures --profile -p --timeout)
        ;;
    'otpcli trust-login')
        _otpcli_subs=()
        _otpcli_opts=(--client-id --secret-stdin --insecure-storage --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--client-id --profile -p --timeout)
        ;;
    'otpcli doctor')
        _otpcli_subs=()
        _otpcli_opts=(--offline --token-stdin --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli completion')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli auth')
        _otpcli_subs=(status token logout renew revoke-all)
        _otpcli_opts=(--help -h --json --quiet -q --debug --dry-run --no-input --profile -p --timeout)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli auth status')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli auth token')
        _otpcli_subs=()
        _otpcli_opts=(--provider --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--provider --profile -p --timeout)
        ;;
    'otpcli auth logout')
        _otpcli_subs=()
        _otpcli_opts=(--provider --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--provider --profile -p --timeout)
        ;;
    'otpcli auth renew')
        _otpcli_subs=()
        _otpcli_opts=(--months --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--months --profile -p --timeout)
        ;;
    'otpcli auth revoke-all')
        _otpcli_subs=()
        _otpcli_opts=(--yes -y --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli config')
        _otpcli_subs=(list get set unset)
        _otpcli_opts=(--help -h --json --quiet -q --debug --dry-run --no-input --profile -p --timeout)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli config list')
        _otpcli_subs=()
        _otpcli_opts=(--show-origin --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli config get')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli config set')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli config unset')
        _otpcli_subs=()
        _otpcli_opts=(--json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli sandbox')
        _otpcli_subs=(serve inbox)
        _otpcli_opts=(--help -h --json --quiet -q --debug --dry-run --no-input --profile -p --timeout)
        _otpcli_vopts=(--profile -p --timeout)
        ;;
    'otpcli sandbox serve')
        _otpcli_subs=()
        _otpcli_opts=(--host --port --latency-ms --fail-rate --seed --slow-seconds --log --clock-skew --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--host --port --latency-ms --fail-rate --seed --slow-seconds --log --clock-skew --profile -p --timeout)
        ;;
    'otpcli sandbox inbox')
        _otpcli_subs=()
        _otpcli_opts=(--host --port --json --quiet -q --debug --dry-run --no-input --profile -p --timeout --help -h)
        _otpcli_vopts=(--host --port --profile -p --timeout)
        ;;
    *) _otpcli_subs=() _otpcli_opts=() _otpcli_vopts=() ;;
    esac
}

_otpcli_values() {
    case "$1 $2" in
    'otpcli --profile'|'otpcli -p') _otpcli_profiles "$3" ;;
    'otpcli login --profile'|'otpcli login -p') _otpcli_profiles "$3" ;;
    'otpcli confirm --profile'|'otpcli confirm -p') _otpcli_profiles "$3" ;;
    'otpcli send --gateway'|'otpcli send -g') _otpcli_add "$3" sms whatsapp ;;
    'otpcli send --language') _otpcli_add "$3" es en ;;
    'otpcli send --whatsapp-template') _otpcli_add "$3" authentication flow2 ;;
    'otpcli send --from') _otpcli_files "$3" ;;
    'otpcli send --profile'|'otpcli send -p') _otpcli_profiles "$3" ;;
    'otpcli validate --gateway'|'otpcli validate -g') _otpcli_add "$3" sms whatsapp none ;;
    'otpcli validate --from') _otpcli_files "$3" ;;
    'otpcli validate --profile'|'otpcli validate -p') _otpcli_profiles "$3" ;;
    'otpcli list --status') _otpcli_add "$3" new sent validated failed ;;
    'otpcli list --gateway'|'otpcli list -g') _otpcli_add "$3" sms whatsapp ;;
    'otpcli list --profile'|'otpcli list -p') _otpcli_profiles "$3" ;;
    'otpcli show --profile'|'otpcli show -p') _otpcli_profiles "$3" ;;
    'otpcli trust-send --channel') _otpcli_add "$3" sms whatsapp ;;
    'otpcli trust-send --from') _otpcli_files "$3" ;;
    'otpcli trust-send --profile'|'otpcli trust-send -p') _otpcli_profiles "$3" ;;
    'otpcli trust-verify --from') _otpcli_files "$3" ;;
    'otpcli trust-verify --profile'|'otpcli trust-verify -p') _otpcli_profiles "$3" ;;
    'otpcli trust-login --profile'|'otpcli trust-login -p') _otpcli_profiles "$3" ;;
    'otpcli doctor --profile'|'otpcli doctor -p') _otpcli_profiles "$3" ;;
    'otpcli completion --profile'|'otpcli completion -p') _otpcli_profiles "$3" ;;
    'otpcli auth --profile'|'otpcli auth -p') _otpcli_profiles "$3" ;;
    'otpcli auth status --profile'|'otpcli auth status -p') _otpcli_profiles "$3" ;;
    'otpcli auth token --provider') _otpcli_add "$3" verifik trust ;;
    'otpcli auth token --profile'|'otpcli auth token -p') _otpcli_profiles "$3" ;;
    'otpcli auth logout --provider') _otpcli_add "$3" verifik trust ;;
    'otpcli auth logout --profile'|'otpcli auth logout -p') _otpcli_profiles "$3" ;;
    'otpcli auth renew --profile'|'otpcli auth renew -p') _otpcli_profiles "$3" ;;
    'otpcli auth revoke-all --profile'|'otpcli auth revoke-all -p') _otpcli_profiles "$3" ;;
    'otpcli config --profile'|'otpcli config -p') _otpcli_profiles "$3" ;;
    'otpcli config list --profile'|'otpcli config list -p') _otpcli_profiles "$3" ;;
    'otpcli config get --profile'|'otpcli config get -p') _otpcli_profiles "$3" ;;
    'otpcli config set --profile'|'otpcli config set -p') _otpcli_profiles "$3" ;;
    'otpcli config unset --profile'|'otpcli config unset -p') _otpcli_profiles "$3" ;;
    'otpcli sandbox --profile'|'otpcli sandbox -p') _otpcli_profiles "$3" ;;
    'otpcli sandbox serve --profile'|'otpcli sandbox serve -p') _otpcli_profiles "$3" ;;
    'otpcli sandbox inbox --profile'|'otpcli sandbox inbox -p') _otpcli_profiles "$3" ;;
    esac
}

_otpcli_positional() {
    case "$1 $2" in
    'otpcli completion 0') _otpcli_add "$3" bash zsh fish ;;
    esac
}

_otpcli_in() {
    local word=$1 item
    shift
    for item; do [[ $item == "$word" ]] && return 0; done
    return 1
}

_otpcli_add() {
    local cur=$1 item
    shift
    for item; do [[ $item == "$cur"* ]] && COMPREPLY+=("$item"); done
}

_otpcli_files() {
    local item
    compopt -o filenames 2>/dev/null
    while IFS= read -r item; do COMPREPLY+=("$item"); done < <(compgen -f -- "$1")
}

_otpcli_profiles() {
    local item
    while IFS= read -r item; do
        [[ $item == "$1"* ]] && COMPREPLY+=("$item")
    done < <(command otpcli __complete-profiles 2>/dev/null)
}

_otpcli() {
    local cur=${COMP_WORDS[COMP_CWORD]} key=otpcli word npos=0 dashdash='' i=1
    local -a _otpcli_subs=() _otpcli_opts=() _otpcli_vopts=()
    COMPREPLY=()
    _otpcli_node "$key"
    while ((i < COMP_CWORD)); do
        word=${COMP_WORDS[i]}
        if [[ -z $dashdash && $word == -?* ]]; then
            if [[ $word == -- ]]; then
                dashdash=1
            elif [[ $word != *=* ]] && _otpcli_in "$word" "${_otpcli_vopts[@]}"; then
                # the value; with "=" in COMP_WORDBREAKS, --opt=value is three words
                if [[ ${COMP_WORDS[i + 1]} == = ]]; then ((i += 2)); else ((i += 1)); fi
            fi
        elif [[ -z $dashdash && $word == = ]]; then
            ((i += 1))
        elif [[ -z $dashdash ]] && ((npos == 0)) && _otpcli_in "$word" "${_otpcli_subs[@]}"; then
            key+=" $word"
            _otpcli_node "$key"
        else
            ((npos += 1))
        fi
        ((i += 1))
    done

    local prev='' prev2=''
    ((COMP_CWORD >= 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    ((COMP_CWORD >= 2)) && prev2=${COMP_WORDS[COMP_CWORD - 2]}
    if [[ -z $dashdash ]]; then
        # --opt=VALUE, split by COMP_WORDBREAKS into "--opt" "=" "VALUE"
        if [[ $cur == = ]] && _otpcli_in "$prev" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "$prev" ''
            return 0
        fi
        if [[ $prev == = ]] && _otpcli_in "$prev2" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "$prev2" "$cur"
            return 0
        fi
        # --opt=VALUE as one word ("=" not in COMP_WORDBREAKS)
        if [[ $cur == -*=* ]] && _otpcli_in "${cur%%=*}" "${_otpcli_vopts[@]}"; then
            _otpcli_values "$key" "${cur%%=*}" "${cur#*=}"
            local n
            for n in "${!COMPREPLY[@]}"; do COMPREPLY[n]="${cur%%=*}=${COMPREPLY[n]}"; done
            return 0
        fi
        # --opt VALUE
        if _otpcli_in "$prev" "${_otpcli_vopts[@]}" && [[ $prev2 != = ]]; then
            _otpcli_values "$key" "$prev" "$cur"
            return 0
        fi
        if [[ $cur == -* ]]; then
            _otpcli_add "$cur" "${_otpcli_opts[@]}"
            return 0
        fi
    fi
    if ((npos == 0 && ${#_otpcli_subs[@]})); then
        _otpcli_add "$cur" "${_otpcli_subs[@]}"
    else
        _otpcli_positional "$key" "$npos" "$cur"
    fi
    return 0
}

complete -F _otpcli otpcli
