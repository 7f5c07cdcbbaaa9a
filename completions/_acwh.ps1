
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'acwh' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'acwh'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'acwh' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Register a webhook')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the account''s webhooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a webhook, keeping every field not named')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete webhooks')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the webhook events AC can send')
            [CompletionResult]::new('lists', 'lists', [CompletionResultType]::ParameterValue, 'List the account''s contact lists, to pick a --list id')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Check the credentials and show whose they are')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Catch webhook deliveries locally and show them decoded')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a sample payload shaped like AC''s for an event to a URL (`--print` shows it)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a local ActiveCampaign stand-in that really delivers webhooks')
            [CompletionResult]::new('captures', 'captures', [CompletionResultType]::ParameterValue, 'List the deliveries saved by `acwh listen --save`')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-send saved deliveries byte for byte')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what changed between two saved deliveries, path by path')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the account''s webhooks as a file for `acwh apply`')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the account''s webhooks match a file: plan, then apply')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Save credentials for a profile, after checking them with AC')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget a profile''s saved credentials')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), with a page for each subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;create' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Where AC should POST: https on port 443, or http to a loopback host for local tests')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name for the webhook [default: built from the events and the URL''s host]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'An event to send; repeat it or give a comma list')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'An event to send; repeat it or give a comma list')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Who may cause the event; repeat it or give a comma list')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Who may cause the event; repeat it or give a comma list')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Fire only for events on this list (0 = all lists; see `acwh lists`)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Fire only for events on this list (0 = all lists; see `acwh lists`)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request body that would be sent, and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON of the new webhook')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the new webhook''s id')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the new webhook''s id')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;list' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only webhooks with this name')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Only webhooks with this URL')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only webhooks on this list id')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Only webhooks on this list id')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON: an array of webhooks')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the ids, one per line')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the ids, one per line')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'A new URL (same rules as `create --url`)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Replace the events with these; repeat it or give a comma list')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Replace the events with these; repeat it or give a comma list')
            [CompletionResult]::new('--add-event', '--add-event', [CompletionResultType]::ParameterName, 'Add an event to the current ones')
            [CompletionResult]::new('--remove-event', '--remove-event', [CompletionResultType]::ParameterName, 'Remove an event from the current ones')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Replace the sources with these; repeat it or give a comma list')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Replace the sources with these; repeat it or give a comma list')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'A new list id (0 = all lists)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'A new list id (0 = all lists)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON of the updated webhook')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;delete' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;events' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Print the built-in table of the 30 known events; needs no credentials')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: an array of events')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;lists' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON instead of a table')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;whoami' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print AC''s JSON instead of a table')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;listen' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The address to listen on; anything but loopback is reachable from other machines')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The port to listen on; 0 picks a free one (the first line on stderr names it)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port to listen on; 0 picks a free one (the first line on stderr names it)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests have been printed')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests have been printed')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Print only these events (others are still answered and counted); with --register, also the events registered')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Print only these events (others are still answered and counted); with --register, also the events registered')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Answer 401 to requests whose query lacks token=TOKEN')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Answer this status instead of 200 (or, with --forward-to, instead of the app''s)')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Append each request to FILE as a JSON line, written before it is answered')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Pass each request on to your app and answer with its status; repeat with PREFIX=URL to route by path prefix, e.g. /ac/contacts=http://localhost:3000/contacts')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest body accepted, e.g. 1MiB, 512KiB, 2000; larger gets 413')
            [CompletionResult]::new('--ui-addr', '--ui-addr', [CompletionResultType]::ParameterName, 'Where the inspector listens: a loopback address only; port 0 picks a free one')
            [CompletionResult]::new('--ui-keep', '--ui-keep', [CompletionResultType]::ParameterName, 'How many deliveries the inspector keeps in memory (the oldest go first)')
            [CompletionResult]::new('--tunnel', '--tunnel', [CompletionResultType]::ParameterName, 'Expose the catcher through a tunnel: cloudflared, ngrok, or a command with {port}')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public URL that reaches this catcher, from a tunnel or proxy you run yourself')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The path registered under the public URL')
            [CompletionResult]::new('--ngrok-api', '--ngrok-api', [CompletionResultType]::ParameterName, 'Where ngrok''s local agent API answers (for --tunnel ngrok)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'With --register, who may cause the events; repeat it or give a comma list')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'With --register, fire only for events on this list (0 = all lists)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each request''s headers (block view only: --json always has them)')
            [CompletionResult]::new('--headers', '--headers', [CompletionResultType]::ParameterName, 'Also print each request''s headers (block view only: --json always has them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per request, one per line')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print each body byte for byte, and nothing else (a newline after each on a terminal)')
            [CompletionResult]::new('--raw0', '--raw0', [CompletionResultType]::ParameterName, 'As --raw, with a NUL byte after each body, for `xargs -0` and the like')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print one line per request: time, seq, event, email, list, answer')
            [CompletionResult]::new('--hide-empty', '--hide-empty', [CompletionResultType]::ParameterName, 'Leave out keys whose value is empty (block view only)')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)')
            [CompletionResult]::new('--fsync', '--fsync', [CompletionResultType]::ParameterName, 'With --save, have each line on disk (fsync) before the request is answered, so a power cut loses no answered delivery; slower')
            [CompletionResult]::new('--field-names', '--field-names', [CompletionResultType]::ParameterName, 'Show custom fields'' titles next to their keys, fetched once from the account')
            [CompletionResult]::new('--no-field-names', '--no-field-names', [CompletionResultType]::ParameterName, 'Never fetch custom field titles')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Also serve the inspector: a live page of the deliveries, on a loopback address of its own')
            [CompletionResult]::new('--register', '--register', [CompletionResultType]::ParameterName, 'Register a webhook to the public URL for this run, and delete it when listen ends')
            [CompletionResult]::new('--keep-stale', '--keep-stale', [CompletionResultType]::ParameterName, 'With --register, keep webhooks left by earlier runs on this host instead of deleting them')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;trigger' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to POST the sample')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Set a field, in AC''s bracket form, e.g. -d contact[email]=me@example.com')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Set a field, in AC''s bracket form, e.g. -d contact[email]=me@example.com')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Drop a field (or, for a prefix such as `deal`, every field under it)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Who caused the event (initiated_from) [default: the usual one for the event]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Who caused the event (initiated_from) [default: the usual one for the event]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The list id in the payload [default: 1 for list events, else 0]')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'The list id in the payload [default: 1 for list events, else 0]')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send the same body this many times, as AC''s at-least-once delivery can')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the encoded body and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the decoded tree of the body on stdout (with or without --print)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;sandbox' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The address to serve on')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The port to serve on; 0 picks a free one')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port to serve on; 0 picks a free one')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Keep webhooks (and the key) in this file across restarts; else in memory')
            [CompletionResult]::new('--duplicate-rate', '--duplicate-rate', [CompletionResultType]::ParameterName, 'The share of deliveries sent twice, 0 to 1, as AC''s at-least-once delivery can')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-rate-limit', '--no-rate-limit', [CompletionResultType]::ParameterName, 'Do not enforce AC''s 5 requests/second limit')
            [CompletionResult]::new('--allow-remote-delivery', '--allow-remote-delivery', [CompletionResultType]::ParameterName, 'Deliver to any address; by default only loopback receivers (127.0.0.0/8, ::1) get deliveries, and others are skipped with the reason')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('fire', 'fire', [CompletionResultType]::ParameterValue, 'Make a running sandbox deliver an event to every matching webhook')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;sandbox;fire' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Who caused the event (initiated_from) [default: the usual one for the event]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Who caused the event (initiated_from) [default: the usual one for the event]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The list the event happened on [default: 1 for list events, else 0]')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'The list the event happened on [default: 1 for list events, else 0]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Set a field of the payload, in AC''s bracket form')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Set a field of the payload, in AC''s bracket form')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The running sandbox''s URL, as its `export ACWH_API_URL=` line prints it')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The running sandbox''s key, as its `export ACWH_API_KEY=` line prints it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the delivery results as JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;sandbox;help' {
            [CompletionResult]::new('fire', 'fire', [CompletionResultType]::ParameterValue, 'Make a running sandbox deliver an event to every matching webhook')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;sandbox;help;fire' {
            break
        }
        'acwh;sandbox;help;help' {
            break
        }
        'acwh;captures' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the last N (after the other filters)')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'Print the delivery with this seq as `acwh listen` showed it')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the saved lines as a JSON array')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'With --seq, also print its headers')
            [CompletionResult]::new('--headers', '--headers', [CompletionResultType]::ParameterName, 'With --seq, also print its headers')
            [CompletionResult]::new('--hide-empty', '--hide-empty', [CompletionResultType]::ParameterName, 'With --seq, leave out keys whose value is empty')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'With --seq, print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)')
            [CompletionResult]::new('--field-names', '--field-names', [CompletionResultType]::ParameterName, 'With --seq, show custom fields'' titles next to their keys, fetched from the account')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;replay' {
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'Re-send the delivery with this seq; repeat for several')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the last N (after the other filters)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send them; the original path and query are appended to its path')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Change a form field''s value everywhere it occurs, or add it at the end, e.g. --set ''contact[email]=me@example.com''; every other pair keeps its bytes')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Drop a form field and every field under it (`deal` drops `deal[...]`)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Re-send every saved delivery')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print a curl command for each delivery instead of sending it')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;diff' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Compare date_time too (left out by default: it differs every time)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"changed": [...], "added": [...], "removed": [...]} as JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The format to write')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--redact-query', '--redact-query', [CompletionResultType]::ParameterName, 'Write each URL query value (a receiver''s token) as a ${VAR} placeholder')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The webhook file: TOML, or JSON when its name ends in .json')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The webhook file: TOML, or JSON when its name ends in .json')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'With --dry-run: exit 3 when changes are pending')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete webhooks that are not in the file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the plan and the result as JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;login' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--api-key-stdin', '--api-key-stdin', [CompletionResultType]::ParameterName, 'Read the API key from standard input instead of prompting')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;logout' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;config' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect, the key masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;config;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;config;path' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect, the key masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;config;help;show' {
            break
        }
        'acwh;config;help;path' {
            break
        }
        'acwh;config;help;help' {
            break
        }
        'acwh;completions' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write each page to its own file in DIR (acwh.1, acwh-create.1, acwh-sandbox-fire.1, ...) instead of printing them all')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Your account''s API URL, from AC''s Settings -> Developer')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Your API key, sent as the Api-Token header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the config file to use (see `acwh login`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each request to AC, e.g. 30s or 2m')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit code 2 when a value is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acwh;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Register a webhook')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the account''s webhooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a webhook, keeping every field not named')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete webhooks')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the webhook events AC can send')
            [CompletionResult]::new('lists', 'lists', [CompletionResultType]::ParameterValue, 'List the account''s contact lists, to pick a --list id')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Check the credentials and show whose they are')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Catch webhook deliveries locally and show them decoded')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a sample payload shaped like AC''s for an event to a URL (`--print` shows it)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a local ActiveCampaign stand-in that really delivers webhooks')
            [CompletionResult]::new('captures', 'captures', [CompletionResultType]::ParameterValue, 'List the deliveries saved by `acwh listen --save`')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-send saved deliveries byte for byte')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what changed between two saved deliveries, path by path')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the account''s webhooks as a file for `acwh apply`')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the account''s webhooks match a file: plan, then apply')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Save credentials for a profile, after checking them with AC')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget a profile''s saved credentials')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), with a page for each subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acwh;help;create' {
            break
        }
        'acwh;help;list' {
            break
        }
        'acwh;help;show' {
            break
        }
        'acwh;help;update' {
            break
        }
        'acwh;help;delete' {
            break
        }
        'acwh;help;events' {
            break
        }
        'acwh;help;lists' {
            break
        }
        'acwh;help;whoami' {
            break
        }
        'acwh;help;listen' {
            break
        }
        'acwh;help;trigger' {
            break
        }
        'acwh;help;sandbox' {
            [CompletionResult]::new('fire', 'fire', [CompletionResultType]::ParameterValue, 'Make a running sandbox deliver an event to every matching webhook')
            break
        }
        'acwh;help;sandbox;fire' {
            break
        }
        'acwh;help;captures' {
            break
        }
        'acwh;help;replay' {
            break
        }
        'acwh;help;diff' {
            break
        }
        'acwh;help;export' {
            break
        }
        'acwh;help;apply' {
            break
        }
        'acwh;help;login' {
            break
        }
        'acwh;help;logout' {
            break
        }
        'acwh;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect, the key masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            break
        }
        'acwh;help;config;show' {
            break
        }
        'acwh;help;config;path' {
            break
        }
        'acwh;help;completions' {
            break
        }
        'acwh;help;man' {
            break
        }
        'acwh;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
