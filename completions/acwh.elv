
use builtin;
use str;

set edit:completion:arg-completer[acwh] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'acwh'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'acwh'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Register a webhook'
            cand list 'List the account''s webhooks'
            cand show 'Show one webhook'
            cand update 'Change a webhook, keeping every field not named'
            cand delete 'Delete webhooks'
            cand events 'List the webhook events AC can send'
            cand lists 'List the account''s contact lists, to pick a --list id'
            cand whoami 'Check the credentials and show whose they are'
            cand listen 'Catch webhook deliveries locally and show them decoded'
            cand trigger 'Send a sample payload shaped like AC''s for an event to a URL (`--print` shows it)'
            cand sandbox 'Run a local ActiveCampaign stand-in that really delivers webhooks'
            cand captures 'List the deliveries saved by `acwh listen --save`'
            cand replay 'Re-send saved deliveries byte for byte'
            cand diff 'Show what changed between two saved deliveries, path by path'
            cand export 'Write the account''s webhooks as a file for `acwh apply`'
            cand apply 'Make the account''s webhooks match a file: plan, then apply'
            cand login 'Save credentials for a profile, after checking them with AC'
            cand logout 'Forget a profile''s saved credentials'
            cand config 'Show the configuration'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), with a page for each subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;create'= {
            cand --url 'Where AC should POST: https on port 443, or http to a loopback host for local tests'
            cand --name 'A name for the webhook [default: built from the events and the URL''s host]'
            cand -e 'An event to send; repeat it or give a comma list'
            cand --event 'An event to send; repeat it or give a comma list'
            cand -s 'Who may cause the event; repeat it or give a comma list'
            cand --source 'Who may cause the event; repeat it or give a comma list'
            cand -l 'Fire only for events on this list (0 = all lists; see `acwh lists`)'
            cand --list 'Fire only for events on this list (0 = all lists; see `acwh lists`)'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --dry-run 'Print the request body that would be sent, and send nothing'
            cand --json 'Print AC''s JSON of the new webhook'
            cand -q 'Print only the new webhook''s id'
            cand --quiet 'Print only the new webhook''s id'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;list'= {
            cand --name 'Only webhooks with this name'
            cand --url 'Only webhooks with this URL'
            cand -l 'Only webhooks on this list id'
            cand --list 'Only webhooks on this list id'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print AC''s JSON: an array of webhooks'
            cand -q 'Print only the ids, one per line'
            cand --quiet 'Print only the ids, one per line'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;show'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print AC''s JSON'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;update'= {
            cand --name 'A new name'
            cand --url 'A new URL (same rules as `create --url`)'
            cand -e 'Replace the events with these; repeat it or give a comma list'
            cand --event 'Replace the events with these; repeat it or give a comma list'
            cand --add-event 'Add an event to the current ones'
            cand --remove-event 'Remove an event from the current ones'
            cand -s 'Replace the sources with these; repeat it or give a comma list'
            cand --source 'Replace the sources with these; repeat it or give a comma list'
            cand -l 'A new list id (0 = all lists)'
            cand --list 'A new list id (0 = all lists)'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print AC''s JSON of the updated webhook'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;delete'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand -y 'Delete without asking for confirmation'
            cand --yes 'Delete without asking for confirmation'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;events'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --offline 'Print the built-in table of the 30 known events; needs no credentials'
            cand --json 'Print JSON: an array of events'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;lists'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print AC''s JSON instead of a table'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;whoami'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print AC''s JSON instead of a table'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;listen'= {
            cand --host 'The address to listen on; anything but loopback is reachable from other machines'
            cand -p 'The port to listen on; 0 picks a free one (the first line on stderr names it)'
            cand --port 'The port to listen on; 0 picks a free one (the first line on stderr names it)'
            cand -n 'Exit 0 once this many requests have been printed'
            cand --count 'Exit 0 once this many requests have been printed'
            cand -t 'Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came'
            cand --timeout 'Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came'
            cand -e 'Print only these events (others are still answered and counted); with --register, also the events registered'
            cand --event 'Print only these events (others are still answered and counted); with --register, also the events registered'
            cand --secret 'Answer 401 to requests whose query lacks token=TOKEN'
            cand --status 'Answer this status instead of 200 (or, with --forward-to, instead of the app''s)'
            cand --save 'Append each request to FILE as a JSON line, written before it is answered'
            cand --forward-to 'Pass each request on to your app and answer with its status; repeat with PREFIX=URL to route by path prefix, e.g. /ac/contacts=http://localhost:3000/contacts'
            cand --max-body 'The largest body accepted, e.g. 1MiB, 512KiB, 2000; larger gets 413'
            cand --ui-addr 'Where the inspector listens: a loopback address only; port 0 picks a free one'
            cand --ui-keep 'How many deliveries the inspector keeps in memory (the oldest go first)'
            cand --tunnel 'Expose the catcher through a tunnel: cloudflared, ngrok, or a command with {port}'
            cand --public-url 'The public URL that reaches this catcher, from a tunnel or proxy you run yourself'
            cand --path 'The path registered under the public URL'
            cand --ngrok-api 'Where ngrok''s local agent API answers (for --tunnel ngrok)'
            cand --source 'With --register, who may cause the events; repeat it or give a comma list'
            cand --list 'With --register, fire only for events on this list (0 = all lists)'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand -v 'Also print each request''s headers (block view only: --json always has them)'
            cand --headers 'Also print each request''s headers (block view only: --json always has them)'
            cand --json 'Print one JSON object per request, one per line'
            cand --raw 'Print each body byte for byte, and nothing else (a newline after each on a terminal)'
            cand --raw0 'As --raw, with a NUL byte after each body, for `xargs -0` and the like'
            cand --compact 'Print one line per request: time, seq, event, email, list, answer'
            cand --hide-empty 'Leave out keys whose value is empty (block view only)'
            cand --full 'Print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)'
            cand --fsync 'With --save, have each line on disk (fsync) before the request is answered, so a power cut loses no answered delivery; slower'
            cand --field-names 'Show custom fields'' titles next to their keys, fetched once from the account'
            cand --no-field-names 'Never fetch custom field titles'
            cand --ui 'Also serve the inspector: a live page of the deliveries, on a loopback address of its own'
            cand --register 'Register a webhook to the public URL for this run, and delete it when listen ends'
            cand --keep-stale 'With --register, keep webhooks left by earlier runs on this host instead of deleting them'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;trigger'= {
            cand --to 'Where to POST the sample'
            cand -d 'Set a field, in AC''s bracket form, e.g. -d contact[email]=me@example.com'
            cand --data 'Set a field, in AC''s bracket form, e.g. -d contact[email]=me@example.com'
            cand --remove 'Drop a field (or, for a prefix such as `deal`, every field under it)'
            cand -s 'Who caused the event (initiated_from) [default: the usual one for the event]'
            cand --source 'Who caused the event (initiated_from) [default: the usual one for the event]'
            cand -l 'The list id in the payload [default: 1 for list events, else 0]'
            cand --list 'The list id in the payload [default: 1 for list events, else 0]'
            cand --repeat 'Send the same body this many times, as AC''s at-least-once delivery can'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --print 'Print the encoded body and send nothing'
            cand --json 'Print the decoded tree of the body on stdout (with or without --print)'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;sandbox'= {
            cand --host 'The address to serve on'
            cand -p 'The port to serve on; 0 picks a free one'
            cand --port 'The port to serve on; 0 picks a free one'
            cand --state 'Keep webhooks (and the key) in this file across restarts; else in memory'
            cand --duplicate-rate 'The share of deliveries sent twice, 0 to 1, as AC''s at-least-once delivery can'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-rate-limit 'Do not enforce AC''s 5 requests/second limit'
            cand --allow-remote-delivery 'Deliver to any address; by default only loopback receivers (127.0.0.0/8, ::1) get deliveries, and others are skipped with the reason'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand fire 'Make a running sandbox deliver an event to every matching webhook'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;sandbox;fire'= {
            cand -s 'Who caused the event (initiated_from) [default: the usual one for the event]'
            cand --source 'Who caused the event (initiated_from) [default: the usual one for the event]'
            cand -l 'The list the event happened on [default: 1 for list events, else 0]'
            cand --list 'The list the event happened on [default: 1 for list events, else 0]'
            cand -d 'Set a field of the payload, in AC''s bracket form'
            cand --data 'Set a field of the payload, in AC''s bracket form'
            cand --api-url 'The running sandbox''s URL, as its `export ACWH_API_URL=` line prints it'
            cand --api-key 'The running sandbox''s key, as its `export ACWH_API_KEY=` line prints it'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print the delivery results as JSON'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;sandbox;help'= {
            cand fire 'Make a running sandbox deliver an event to every matching webhook'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;sandbox;help;fire'= {
        }
        &'acwh;sandbox;help;help'= {
        }
        &'acwh;captures'= {
            cand -e 'Only deliveries of this event'
            cand --event 'Only deliveries of this event'
            cand --last 'Only the last N (after the other filters)'
            cand --seq 'Print the delivery with this seq as `acwh listen` showed it'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --json 'Print the saved lines as a JSON array'
            cand -v 'With --seq, also print its headers'
            cand --headers 'With --seq, also print its headers'
            cand --hide-empty 'With --seq, leave out keys whose value is empty'
            cand --full 'With --seq, print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)'
            cand --field-names 'With --seq, show custom fields'' titles next to their keys, fetched from the account'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;replay'= {
            cand --seq 'Re-send the delivery with this seq; repeat for several'
            cand -e 'Only deliveries of this event'
            cand --event 'Only deliveries of this event'
            cand --last 'Only the last N (after the other filters)'
            cand --to 'Where to send them; the original path and query are appended to its path'
            cand --set 'Change a form field''s value everywhere it occurs, or add it at the end, e.g. --set ''contact[email]=me@example.com''; every other pair keeps its bytes'
            cand --unset 'Drop a form field and every field under it (`deal` drops `deal[...]`)'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --all 'Re-send every saved delivery'
            cand --curl 'Print a curl command for each delivery instead of sending it'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;diff'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --all 'Compare date_time too (left out by default: it differs every time)'
            cand --json 'Print {"changed": [...], "added": [...], "removed": [...]} as JSON'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;export'= {
            cand --format 'The format to write'
            cand -o 'Write to this file instead of stdout'
            cand --output 'Write to this file instead of stdout'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --redact-query 'Write each URL query value (a receiver''s token) as a ${VAR} placeholder'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;apply'= {
            cand -f 'The webhook file: TOML, or JSON when its name ends in .json'
            cand --file 'The webhook file: TOML, or JSON when its name ends in .json'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --dry-run 'Print the plan and change nothing'
            cand --exit-code 'With --dry-run: exit 3 when changes are pending'
            cand --prune 'Also delete webhooks that are not in the file'
            cand -y 'Delete without asking for confirmation'
            cand --yes 'Delete without asking for confirmation'
            cand --json 'Print the plan and the result as JSON'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;login'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --api-key-stdin 'Read the API key from standard input instead of prompting'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;logout'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;config'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the settings in effect, the key masked'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;config;show'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;config;path'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;config;help'= {
            cand show 'Show the settings in effect, the key masked'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;config;help;show'= {
        }
        &'acwh;config;help;path'= {
        }
        &'acwh;config;help;help'= {
        }
        &'acwh;completions'= {
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;man'= {
            cand --dir 'Write each page to its own file in DIR (acwh.1, acwh-create.1, acwh-sandbox-fire.1, ...) instead of printing them all'
            cand --api-url 'Your account''s API URL, from AC''s Settings -> Developer'
            cand --api-key 'Your API key, sent as the Api-Token header'
            cand --profile 'The profile of the config file to use (see `acwh login`)'
            cand --color 'When to use colour'
            cand --http-timeout 'Timeout for each request to AC, e.g. 30s or 2m'
            cand --no-input 'Never prompt; fail with exit code 2 when a value is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acwh;help'= {
            cand create 'Register a webhook'
            cand list 'List the account''s webhooks'
            cand show 'Show one webhook'
            cand update 'Change a webhook, keeping every field not named'
            cand delete 'Delete webhooks'
            cand events 'List the webhook events AC can send'
            cand lists 'List the account''s contact lists, to pick a --list id'
            cand whoami 'Check the credentials and show whose they are'
            cand listen 'Catch webhook deliveries locally and show them decoded'
            cand trigger 'Send a sample payload shaped like AC''s for an event to a URL (`--print` shows it)'
            cand sandbox 'Run a local ActiveCampaign stand-in that really delivers webhooks'
            cand captures 'List the deliveries saved by `acwh listen --save`'
            cand replay 'Re-send saved deliveries byte for byte'
            cand diff 'Show what changed between two saved deliveries, path by path'
            cand export 'Write the account''s webhooks as a file for `acwh apply`'
            cand apply 'Make the account''s webhooks match a file: plan, then apply'
            cand login 'Save credentials for a profile, after checking them with AC'
            cand logout 'Forget a profile''s saved credentials'
            cand config 'Show the configuration'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), with a page for each subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acwh;help;create'= {
        }
        &'acwh;help;list'= {
        }
        &'acwh;help;show'= {
        }
        &'acwh;help;update'= {
        }
        &'acwh;help;delete'= {
        }
        &'acwh;help;events'= {
        }
        &'acwh;help;lists'= {
        }
        &'acwh;help;whoami'= {
        }
        &'acwh;help;listen'= {
        }
        &'acwh;help;trigger'= {
        }
        &'acwh;help;sandbox'= {
            cand fire 'Make a running sandbox deliver an event to every matching webhook'
        }
        &'acwh;help;sandbox;fire'= {
        }
        &'acwh;help;captures'= {
        }
        &'acwh;help;replay'= {
        }
        &'acwh;help;diff'= {
        }
        &'acwh;help;export'= {
        }
        &'acwh;help;apply'= {
        }
        &'acwh;help;login'= {
        }
        &'acwh;help;logout'= {
        }
        &'acwh;help;config'= {
            cand show 'Show the settings in effect, the key masked'
            cand path 'Print the config file''s path'
        }
        &'acwh;help;config;show'= {
        }
        &'acwh;help;config;path'= {
        }
        &'acwh;help;completions'= {
        }
        &'acwh;help;man'= {
        }
        &'acwh;help;help'= {
        }
    ]
    $completions[$command]
}
