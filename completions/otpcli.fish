# fish completion for otpcli: commands, options and choices are answered by the shell
# itself (no Python starts on TAB); only profile names run `otpcli __complete-profiles`.
# Generated from otpcli's command tree by scripts/gen-completions: do not edit by hand.
# `otpcli completion fish` prints this same script.
# Use: add to ~/.config/fish/config.fish `source /path/to/otpcli.fish`, or copy this
# file to ~/.config/fish/completions/otpcli.fish (loaded on first TAB).

function __otpcli_subs --description 'otpcli: subs of command PATH'
    switch $argv[1]
        case 'otpcli'
            printf '%s\n' 'login' 'confirm' 'send' 'validate' 'list' 'show' 'trust-send' 'trust-verify' 'trust-login' 'doctor' 'completion' 'auth' 'config' 'sandbox'
        case 'otpcli auth'
            printf '%s\n' 'status' 'token' 'logout' 'renew' 'revoke-all'
        case 'otpcli config'
            printf '%s\n' 'list' 'get' 'set' 'unset'
        case 'otpcli sandbox'
            printf '%s\n' 'serve' 'inbox'
    end
end

function __otpcli_vopts --description 'otpcli: vopts of command PATH'
    switch $argv[1]
        case 'otpcli'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli login'
            printf '%s\n' '--country-code' '-c' '--profile' '-p' '--timeout'
        case 'otpcli confirm'
            printf '%s\n' '--otp' '--country-code' '-c' '--profile' '-p' '--timeout'
        case 'otpcli send'
            printf '%s\n' '--project' '--project-flow' '--gateway' '-g' '--type' '--title' '--language' '--whatsapp-template' '--country-code' '-c' '--from' '--concurrency' '--rate' '--resume' '--max-connection-failures' '--profile' '-p' '--timeout'
        case 'otpcli validate'
            printf '%s\n' '--otp' '--project' '--project-flow' '--gateway' '-g' '--country-code' '-c' '--from' '--concurrency' '--rate' '--resume' '--max-connection-failures' '--profile' '-p' '--timeout'
        case 'otpcli list'
            printf '%s\n' '--status' '--project' '--type' '--gateway' '-g' '--limit' '--page' '--country-code' '-c' '--profile' '-p' '--timeout'
        case 'otpcli show'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli trust-send'
            printf '%s\n' '--nin' '--channel' '--country-code' '-c' '--from' '--concurrency' '--rate' '--resume' '--max-connection-failures' '--profile' '-p' '--timeout'
        case 'otpcli trust-verify'
            printf '%s\n' '--otp' '--from' '--concurrency' '--rate' '--resume' '--max-connection-failures' '--profile' '-p' '--timeout'
        case 'otpcli trust-login'
            printf '%s\n' '--client-id' '--profile' '-p' '--timeout'
        case 'otpcli doctor'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli completion'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli auth'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli auth status'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli auth token'
            printf '%s\n' '--provider' '--profile' '-p' '--timeout'
        case 'otpcli auth logout'
            printf '%s\n' '--provider' '--profile' '-p' '--timeout'
        case 'otpcli auth renew'
            printf '%s\n' '--months' '--profile' '-p' '--timeout'
        case 'otpcli auth revoke-all'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli config'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli config list'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli config get'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli config set'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli config unset'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli sandbox'
            printf '%s\n' '--profile' '-p' '--timeout'
        case 'otpcli sandbox serve'
            printf '%s\n' '--host' '--port' '--latency-ms' '--fail-rate' '--seed' '--slow-seconds' '--log' '--clock-skew' '--profile' '-p' '--timeout'
        case 'otpcli sandbox inbox'
            printf '%s\n' '--host' '--port' '--profile' '-p' '--timeout'
    end
end

function __otpcli_key --description 'otpcli: command path and positional count before the cursor'
    # Every `complete` condition asks this; the walk is done once per command line.
    set -l line (string join \x1f -- (commandline -opc))
    if set -q __otpcli_memo; and test "$__otpcli_memo[1]" = "$line"
        printf '%s\n' $__otpcli_memo[2..3]
        return
    end
    set -l key otpcli
    set -l npos 0
    set -l skip 0
    set -l dashdash 0
    set -l vopts (__otpcli_vopts $key)
    set -l subs (__otpcli_subs $key)
    for word in (commandline -opc)[2..-1]
        if test $skip -gt 0
            set skip (math $skip - 1)
        else if test $dashdash -eq 0; and string match -q -- '-?*' $word
            if test "$word" = --
                set dashdash 1
            else if not string match -q -- '*=*' $word; and contains -- $word $vopts
                set skip 1
            end
        else if test $dashdash -eq 0 -a $npos -eq 0; and contains -- $word $subs
            set key "$key $word"
            set vopts (__otpcli_vopts $key)
            set subs (__otpcli_subs $key)
        else
            set npos (math $npos + 1)
        end
    end
    set -g __otpcli_memo $line $key $npos
    printf '%s\n' $key $npos
end

function __otpcli_at --description 'otpcli: is the cursor in command PATH (at positional N)?'
    set -l here (__otpcli_key)
    test "$here[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$here[2]" = "$argv[2]"
end

function __otpcli_profiles --description 'otpcli: profile names'
    command otpcli __complete-profiles 2>/dev/null
end

set -e __otpcli_memo  # the command path cached by __otpcli_key

# No file names unless an option asks for a file.
complete -c otpcli -f

# Global options: accepted before and after the command name.
complete -c otpcli -l json -d 'Print the provider\'s answer as JSON (secrets redacted)'
complete -c otpcli -l quiet -s q -d 'Print one bare value: an id or a status'
complete -c otpcli -l debug -d 'Trace requests and responses on stderr (redacted)'
complete -c otpcli -l dry-run -d 'Print the request and a curl line; send nothing'
complete -c otpcli -l no-input -d 'Never prompt; missing input is a usage error'
complete -c otpcli -l profile -s p -x -a '(__otpcli_profiles)' -d 'Profile to use [env: OTPCLI_PROFILE; default: default]'
complete -c otpcli -l timeout -x -d 'Seconds to wait for a whole answer [default: 15]'

# otpcli
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'login' -d 'Send a login code to a phone, then log in with it.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'confirm' -d 'Log in with the code from login; keep the token.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'send' -d 'Send a one-time code by SMS or WhatsApp.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'validate' -d 'Check the code a customer read out.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'list' -d 'List the validations sent, newest first.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'show' -d 'Show one validation, every field.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'trust-send' -d 'Send a Trust verification code to a Chilean phone.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'trust-verify' -d 'Check a code against a Trust verification.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'trust-login' -d 'Store Trust client credentials, proven at Atenea.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'doctor' -d 'Check the install, keyring, config and network.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'completion' -d 'Print the TAB-completion script for a shell.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'auth' -d 'Inspect, print or forget stored credentials.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'config' -d 'Read and change profile settings.'
complete -c otpcli -n '__otpcli_at \'otpcli\' 0' -a 'sandbox' -d 'A local emulator of Verifik, Trust and Atenea, for QA.'
complete -c otpcli -n '__otpcli_at \'otpcli\'' -l version -d 'Show the version'
complete -c otpcli -n '__otpcli_at \'otpcli\'' -l help -s h -d 'Show this message and exit'

# otpcli login
complete -c otpcli -n '__otpcli_at \'otpcli login\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli login\'' -l insecure-storage -d 'Store credentials in a 0600 file instead of the OS keyring'
complete -c otpcli -n '__otpcli_at \'otpcli login\'' -l help -s h -d 'Show this message and exit'

# otpcli confirm
complete -c otpcli -n '__otpcli_at \'otpcli confirm\'' -l otp -x -d 'The code the customer received; \'-\' reads it from stdin'
complete -c otpcli -n '__otpcli_at \'otpcli confirm\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli confirm\'' -l insecure-storage -d 'Store credentials in a 0600 file instead of the OS keyring'
complete -c otpcli -n '__otpcli_at \'otpcli confirm\'' -l help -s h -d 'Show this message and exit'

# otpcli send
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l project -x -d 'Verifik project id (config: project)'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l project-flow -x -d 'Verifik project flow id (config: project_flow)'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l gateway -s g -x -a 'sms whatsapp' -d 'Deliver by sms or whatsapp'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l type -x -d 'Validation type'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l force -d 'Send even if a code went out moments ago'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l manual -d 'Send without a project or flow (Verifik\'s manual send)'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l title -x -d 'With --manual: the sender\'s name, 1 to 15 characters'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l language -x -a 'es en' -d 'With --manual: the message\'s language'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l whatsapp-template -x -a 'authentication flow2' -d 'With --manual: the WhatsApp template'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l token-stdin -d 'Read the access token from stdin (first line)'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l from -r -F -d 'Read records from a file (\'-\' = stdin): one phone per line, or CSV'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l concurrency -x -d 'With --from: requests in flight at once'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l rate -x -d 'With --from: at most this many requests per second'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l resume -x -d 'With --from: skip the records an earlier run\'s NDJSON results repor...'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l retry-abandoned -d 'With --resume: send again the records an earlier run abandoned in f...'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l max-connection-failures -x -d 'With --from: stop after N connections in a row fail (0: never stop)'
complete -c otpcli -n '__otpcli_at \'otpcli send\'' -l help -s h -d 'Show this message and exit'

# otpcli validate
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l otp -x -d 'The code the customer received; \'-\' reads it from stdin'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l project -x -d 'Verifik project id (config: project)'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l project-flow -x -d 'Verifik project flow id (config: project_flow)'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l gateway -s g -x -a 'sms whatsapp none' -d 'The gateway used: sms, whatsapp or none'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l token-stdin -d 'Read the access token from stdin (first line)'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l from -r -F -d 'Read records from a file (\'-\' = stdin): one phone per line, or CSV'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l concurrency -x -d 'With --from: requests in flight at once'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l rate -x -d 'With --from: at most this many requests per second'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l resume -x -d 'With --from: skip the records an earlier run\'s NDJSON results repor...'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l retry-abandoned -d 'With --resume: send again the records an earlier run abandoned in f...'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l max-connection-failures -x -d 'With --from: stop after N connections in a row fail (0: never stop)'
complete -c otpcli -n '__otpcli_at \'otpcli validate\'' -l help -s h -d 'Show this message and exit'

# otpcli list
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l status -x -a 'new sent validated failed' -d 'Only this status'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l project -x -d 'Only this project\'s'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l type -x -d 'Only this validation type'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l gateway -s g -x -a 'sms whatsapp' -d 'Only codes sent this way'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l limit -x -d 'Records a page'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l page -x -d 'Which page'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l all -d 'Every page, one after the other (from --page)'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli list\'' -l help -s h -d 'Show this message and exit'

# otpcli show
complete -c otpcli -n '__otpcli_at \'otpcli show\'' -l help -s h -d 'Show this message and exit'

# otpcli trust-send
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l nin -x -d 'The person\'s RUT: 12.345.678-5, 12345678-5 or 123456785'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l skip-nin-check -d 'Send the RUT without checking its digit (placeholder RUTs)'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l channel -x -a 'sms whatsapp' -d 'Deliver by sms (Trust\'s create call) or whatsapp'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l country-code -s c -x -d 'Country calling code for national numbers, e.g. +507'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l token-stdin -d 'Read the access token from stdin (first line)'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l from -r -F -d 'Read records from a file (\'-\' = stdin): one phone per line, or CSV'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l concurrency -x -d 'With --from: requests in flight at once'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l rate -x -d 'With --from: at most this many requests per second'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l resume -x -d 'With --from: skip the records an earlier run\'s NDJSON results repor...'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l retry-abandoned -d 'With --resume: send again the records an earlier run abandoned in f...'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l max-connection-failures -x -d 'With --from: stop after N connections in a row fail (0: never stop)'
complete -c otpcli -n '__otpcli_at \'otpcli trust-send\'' -l help -s h -d 'Show this message and exit'

# otpcli trust-verify
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l otp -x -d 'The code the customer received; \'-\' reads it from stdin'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l token-stdin -d 'Read the access token from stdin (first line)'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l from -r -F -d 'Read records from a file (\'-\' = stdin): one phone per line, or CSV'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l concurrency -x -d 'With --from: requests in flight at once'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l rate -x -d 'With --from: at most this many requests per second'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l resume -x -d 'With --from: skip the records an earlier run\'s NDJSON results repor...'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l retry-abandoned -d 'With --resume: send again the records an earlier run abandoned in f...'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l max-connection-failures -x -d 'With --from: stop after N connections in a row fail (0: never stop)'
complete -c otpcli -n '__otpcli_at \'otpcli trust-verify\'' -l help -s h -d 'Show this message and exit'

# otpcli trust-login
complete -c otpcli -n '__otpcli_at \'otpcli trust-login\'' -l client-id -x -d 'Atenea client id'
complete -c otpcli -n '__otpcli_at \'otpcli trust-login\'' -l secret-stdin -d 'Read the client secret from stdin'
complete -c otpcli -n '__otpcli_at \'otpcli trust-login\'' -l insecure-storage -d 'Store credentials in a 0600 file instead of the OS keyring'
complete -c otpcli -n '__otpcli_at \'otpcli trust-login\'' -l help -s h -d 'Show this message and exit'

# otpcli doctor
complete -c otpcli -n '__otpcli_at \'otpcli doctor\'' -l offline -d 'Skip the network and clock checks'
complete -c otpcli -n '__otpcli_at \'otpcli doctor\'' -l token-stdin -d 'Read the access token from stdin (first line)'
complete -c otpcli -n '__otpcli_at \'otpcli doctor\'' -l help -s h -d 'Show this message and exit'

# otpcli completion
complete -c otpcli -n '__otpcli_at \'otpcli completion\'' -l help -s h -d 'Show this message and exit'
complete -c otpcli -n '__otpcli_at \'otpcli completion\' 0' -a 'bash zsh fish'

# otpcli auth
complete -c otpcli -n '__otpcli_at \'otpcli auth\' 0' -a 'status' -d 'Where each provider\'s credentials come from, when they expire...'
complete -c otpcli -n '__otpcli_at \'otpcli auth\' 0' -a 'token' -d 'Print the raw access token alone, for $(otpcli auth token).'
complete -c otpcli -n '__otpcli_at \'otpcli auth\' 0' -a 'logout' -d 'Forget the profile\'s stored credentials, from every store, and...'
complete -c otpcli -n '__otpcli_at \'otpcli auth\' 0' -a 'renew' -d 'Renew the Verifik token before it expires; the new one replaces it...'
complete -c otpcli -n '__otpcli_at \'otpcli auth\' 0' -a 'revoke-all' -d 'Renew the Verifik token and end every other one: other machines...'
complete -c otpcli -n '__otpcli_at \'otpcli auth\'' -l help -s h -d 'Show this message and exit'

# otpcli auth status
complete -c otpcli -n '__otpcli_at \'otpcli auth status\'' -l help -s h -d 'Show this message and exit'

# otpcli auth token
complete -c otpcli -n '__otpcli_at \'otpcli auth token\'' -l provider -x -a 'verifik trust' -d 'Whose token to print'
complete -c otpcli -n '__otpcli_at \'otpcli auth token\'' -l help -s h -d 'Show this message and exit'

# otpcli auth logout
complete -c otpcli -n '__otpcli_at \'otpcli auth logout\'' -l provider -x -a 'verifik trust' -d 'Only this provider (default: both)'
complete -c otpcli -n '__otpcli_at \'otpcli auth logout\'' -l help -s h -d 'Show this message and exit'

# otpcli auth renew
complete -c otpcli -n '__otpcli_at \'otpcli auth renew\'' -l months -x -d 'How long the new token lasts'
complete -c otpcli -n '__otpcli_at \'otpcli auth renew\'' -l help -s h -d 'Show this message and exit'

# otpcli auth revoke-all
complete -c otpcli -n '__otpcli_at \'otpcli auth revoke-all\'' -l yes -s y -d 'Do not ask for confirmation'
complete -c otpcli -n '__otpcli_at \'otpcli auth revoke-all\'' -l help -s h -d 'Show this message and exit'

# otpcli config
complete -c otpcli -n '__otpcli_at \'otpcli config\' 0' -a 'list' -d 'Every key of the active profile with its effective value.'
complete -c otpcli -n '__otpcli_at \'otpcli config\' 0' -a 'get' -d 'Print one key\'s effective value (nothing when unset; exit 2 for an...'
complete -c otpcli -n '__otpcli_at \'otpcli config\' 0' -a 'set' -d 'Set KEY in the active profile (validated before anything is written).'
complete -c otpcli -n '__otpcli_at \'otpcli config\' 0' -a 'unset' -d 'Remove KEY from the active profile, so the environment or default...'
complete -c otpcli -n '__otpcli_at \'otpcli config\'' -l help -s h -d 'Show this message and exit'

# otpcli config list
complete -c otpcli -n '__otpcli_at \'otpcli config list\'' -l show-origin -d 'Show where each value comes from'
complete -c otpcli -n '__otpcli_at \'otpcli config list\'' -l help -s h -d 'Show this message and exit'

# otpcli config get
complete -c otpcli -n '__otpcli_at \'otpcli config get\'' -l help -s h -d 'Show this message and exit'

# otpcli config set
complete -c otpcli -n '__otpcli_at \'otpcli config set\'' -l help -s h -d 'Show this message and exit'

# otpcli config unset
complete -c otpcli -n '__otpcli_at \'otpcli config unset\'' -l help -s h -d 'Show this message and exit'

# otpcli sandbox
complete -c otpcli -n '__otpcli_at \'otpcli sandbox\' 0' -a 'serve' -d 'Answer the Verifik, Trust and Atenea calls on one local port until...'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox\' 0' -a 'inbox' -d 'The codes the sandbox "delivered", oldest first; -q prints just the...'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox\'' -l help -s h -d 'Show this message and exit'

# otpcli sandbox serve
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l host -x -d 'Address to bind or reach'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l port -x -d 'Port of the sandbox'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l latency-ms -x -d 'Delay added to every answer'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l fail-rate -x -d 'Share of calls that fail at random'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l seed -x -d 'Seed for codes and failures (reproducible)'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l slow-seconds -x -d 'How long slow numbers wait'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l log -x -d 'Append the console lines (delivered codes) to FILE instead of the t...'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l clock-skew -x -d 'Shift the Date header of every answer (to try a client\'s clock check)'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox serve\'' -l help -s h -d 'Show this message and exit'

# otpcli sandbox inbox
complete -c otpcli -n '__otpcli_at \'otpcli sandbox inbox\'' -l host -x -d 'Sandbox address (default: from verifik_url)'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox inbox\'' -l port -x -d 'Sandbox port (default: from verifik_url)'
complete -c otpcli -n '__otpcli_at \'otpcli sandbox inbox\'' -l help -s h -d 'Show this message and exit'
