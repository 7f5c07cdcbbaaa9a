# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_acwh_global_optspecs
    string join \n api-url= api-key= profile= color= no-input http-timeout= h/help V/version
end

function __fish_acwh_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_acwh_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_acwh_using_subcommand
    set -l cmd (__fish_acwh_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c acwh -n "__fish_acwh_needs_command" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_needs_command" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_needs_command" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_needs_command" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_needs_command" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_needs_command" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "create" -d 'Register a webhook'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "list" -d 'List the account\'s webhooks'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "show" -d 'Show one webhook'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "update" -d 'Change a webhook, keeping every field not named'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "delete" -d 'Delete webhooks'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "events" -d 'List the webhook events AC can send'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "lists" -d 'List the account\'s contact lists, to pick a --list id'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "whoami" -d 'Check the credentials and show whose they are'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "listen" -d 'Catch webhook deliveries locally and show them decoded'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "trigger" -d 'Send a sample payload shaped like AC\'s for an event to a URL (`--print` shows it)'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "sandbox" -d 'Run a local ActiveCampaign stand-in that really delivers webhooks'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "captures" -d 'List the deliveries saved by `acwh listen --save`'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "replay" -d 'Re-send saved deliveries byte for byte'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "diff" -d 'Show what changed between two saved deliveries, path by path'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "export" -d 'Write the account\'s webhooks as a file for `acwh apply`'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "apply" -d 'Make the account\'s webhooks match a file: plan, then apply'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "login" -d 'Save credentials for a profile, after checking them with AC'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "logout" -d 'Forget a profile\'s saved credentials'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "config" -d 'Show the configuration'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "man" -d 'Print the man page (roff), with a page for each subcommand'
complete -c acwh -n "__fish_acwh_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand create" -l url -d 'Where AC should POST: https on port 443, or http to a loopback host for local tests' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l name -d 'A name for the webhook [default: built from the events and the URL\'s host]' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -s e -l event -d 'An event to send; repeat it or give a comma list' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand create" -s s -l source -d 'Who may cause the event; repeat it or give a comma list' -r -f -a "public\t'By a contact (subscribing, opening a campaign, ...)'
admin\t'By an admin user, in AC\'s interface'
api\t'By an API call'
system\t'By system processes, such as automations'"
complete -c acwh -n "__fish_acwh_using_subcommand create" -s l -l list -d 'Fire only for events on this list (0 = all lists; see `acwh lists`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand create" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand create" -l dry-run -d 'Print the request body that would be sent, and send nothing'
complete -c acwh -n "__fish_acwh_using_subcommand create" -l json -d 'Print AC\'s JSON of the new webhook'
complete -c acwh -n "__fish_acwh_using_subcommand create" -s q -l quiet -d 'Print only the new webhook\'s id'
complete -c acwh -n "__fish_acwh_using_subcommand create" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand create" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand list" -l name -d 'Only webhooks with this name' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l url -d 'Only webhooks with this URL' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -s l -l list -d 'Only webhooks on this list id' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand list" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand list" -l json -d 'Print AC\'s JSON: an array of webhooks'
complete -c acwh -n "__fish_acwh_using_subcommand list" -s q -l quiet -d 'Print only the ids, one per line'
complete -c acwh -n "__fish_acwh_using_subcommand list" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand list" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand show" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand show" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand show" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand show" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand show" -l json -d 'Print AC\'s JSON'
complete -c acwh -n "__fish_acwh_using_subcommand show" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand show" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand update" -l name -d 'A new name' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l url -d 'A new URL (same rules as `create --url`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -s e -l event -d 'Replace the events with these; repeat it or give a comma list' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand update" -l add-event -d 'Add an event to the current ones' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand update" -l remove-event -d 'Remove an event from the current ones' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand update" -s s -l source -d 'Replace the sources with these; repeat it or give a comma list' -r -f -a "public\t'By a contact (subscribing, opening a campaign, ...)'
admin\t'By an admin user, in AC\'s interface'
api\t'By an API call'
system\t'By system processes, such as automations'"
complete -c acwh -n "__fish_acwh_using_subcommand update" -s l -l list -d 'A new list id (0 = all lists)' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand update" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand update" -l json -d 'Print AC\'s JSON of the updated webhook'
complete -c acwh -n "__fish_acwh_using_subcommand update" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand update" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand delete" -s y -l yes -d 'Delete without asking for confirmation'
complete -c acwh -n "__fish_acwh_using_subcommand delete" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand delete" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand events" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand events" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand events" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand events" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand events" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand events" -l offline -d 'Print the built-in table of the 30 known events; needs no credentials'
complete -c acwh -n "__fish_acwh_using_subcommand events" -l json -d 'Print JSON: an array of events'
complete -c acwh -n "__fish_acwh_using_subcommand events" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand events" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l json -d 'Print AC\'s JSON instead of a table'
complete -c acwh -n "__fish_acwh_using_subcommand lists" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand lists" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand lists" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l json -d 'Print AC\'s JSON instead of a table'
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l host -d 'The address to listen on; anything but loopback is reachable from other machines' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s p -l port -d 'The port to listen on; 0 picks a free one (the first line on stderr names it)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s n -l count -d 'Exit 0 once this many requests have been printed' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s t -l timeout -d 'Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s e -l event -d 'Print only these events (others are still answered and counted); with --register, also the events registered' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l secret -d 'Answer 401 to requests whose query lacks token=TOKEN' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l status -d 'Answer this status instead of 200 (or, with --forward-to, instead of the app\'s)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l save -d 'Append each request to FILE as a JSON line, written before it is answered' -r -F
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l forward-to -d 'Pass each request on to your app and answer with its status; repeat with PREFIX=URL to route by path prefix, e.g. /ac/contacts=http://localhost:3000/contacts' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l max-body -d 'The largest body accepted, e.g. 1MiB, 512KiB, 2000; larger gets 413' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l ui-addr -d 'Where the inspector listens: a loopback address only; port 0 picks a free one' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l ui-keep -d 'How many deliveries the inspector keeps in memory (the oldest go first)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l tunnel -d 'Expose the catcher through a tunnel: cloudflared, ngrok, or a command with {port}' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l public-url -d 'The public URL that reaches this catcher, from a tunnel or proxy you run yourself' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l path -d 'The path registered under the public URL' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l ngrok-api -d 'Where ngrok\'s local agent API answers (for --tunnel ngrok)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l source -d 'With --register, who may cause the events; repeat it or give a comma list' -r -f -a "public\t'By a contact (subscribing, opening a campaign, ...)'
admin\t'By an admin user, in AC\'s interface'
api\t'By an API call'
system\t'By system processes, such as automations'"
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l list -d 'With --register, fire only for events on this list (0 = all lists)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s v -l headers -d 'Also print each request\'s headers (block view only: --json always has them)'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l json -d 'Print one JSON object per request, one per line'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l raw -d 'Print each body byte for byte, and nothing else (a newline after each on a terminal)'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l raw0 -d 'As --raw, with a NUL byte after each body, for `xargs -0` and the like'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l compact -d 'Print one line per request: time, seq, event, email, list, answer'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l hide-empty -d 'Leave out keys whose value is empty (block view only)'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l full -d 'Print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l fsync -d 'With --save, have each line on disk (fsync) before the request is answered, so a power cut loses no answered delivery; slower'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l field-names -d 'Show custom fields\' titles next to their keys, fetched once from the account'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l no-field-names -d 'Never fetch custom field titles'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l ui -d 'Also serve the inspector: a live page of the deliveries, on a loopback address of its own'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l register -d 'Register a webhook to the public URL for this run, and delete it when listen ends'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l keep-stale -d 'With --register, keep webhooks left by earlier runs on this host instead of deleting them'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand listen" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l to -d 'Where to POST the sample' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -s d -l data -d 'Set a field, in AC\'s bracket form, e.g. -d contact[email]=me@example.com' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l remove -d 'Drop a field (or, for a prefix such as `deal`, every field under it)' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -s s -l source -d 'Who caused the event (initiated_from) [default: the usual one for the event]' -r -f -a "public\t'By a contact (subscribing, opening a campaign, ...)'
admin\t'By an admin user, in AC\'s interface'
api\t'By an API call'
system\t'By system processes, such as automations'"
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -s l -l list -d 'The list id in the payload [default: 1 for list events, else 0]' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l repeat -d 'Send the same body this many times, as AC\'s at-least-once delivery can' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l print -d 'Print the encoded body and send nothing'
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l json -d 'Print the decoded tree of the body on stdout (with or without --print)'
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand trigger" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l host -d 'The address to serve on' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -s p -l port -d 'The port to serve on; 0 picks a free one' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l state -d 'Keep webhooks (and the key) in this file across restarts; else in memory' -r -F
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l duplicate-rate -d 'The share of deliveries sent twice, 0 to 1, as AC\'s at-least-once delivery can' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l no-rate-limit -d 'Do not enforce AC\'s 5 requests/second limit'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l allow-remote-delivery -d 'Deliver to any address; by default only loopback receivers (127.0.0.0/8, ::1) get deliveries, and others are skipped with the reason'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -f -a "fire" -d 'Make a running sandbox deliver an event to every matching webhook'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and not __fish_seen_subcommand_from fire help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -s s -l source -d 'Who caused the event (initiated_from) [default: the usual one for the event]' -r -f -a "public\t'By a contact (subscribing, opening a campaign, ...)'
admin\t'By an admin user, in AC\'s interface'
api\t'By an API call'
system\t'By system processes, such as automations'"
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -s l -l list -d 'The list the event happened on [default: 1 for list events, else 0]' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -s d -l data -d 'Set a field of the payload, in AC\'s bracket form' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l api-url -d 'The running sandbox\'s URL, as its `export ACWH_API_URL=` line prints it' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l api-key -d 'The running sandbox\'s key, as its `export ACWH_API_KEY=` line prints it' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l json -d 'Print the delivery results as JSON'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from fire" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "fire" -d 'Make a running sandbox deliver an event to every matching webhook'
complete -c acwh -n "__fish_acwh_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -s e -l event -d 'Only deliveries of this event' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l last -d 'Only the last N (after the other filters)' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l seq -d 'Print the delivery with this seq as `acwh listen` showed it' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l json -d 'Print the saved lines as a JSON array'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -s v -l headers -d 'With --seq, also print its headers'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l hide-empty -d 'With --seq, leave out keys whose value is empty'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l full -d 'With --seq, print long values and texts whole (by default a value is cut after 16 KiB, a text body after 4,096 characters, with a note saying how much was left out)'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l field-names -d 'With --seq, show custom fields\' titles next to their keys, fetched from the account'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand captures" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l seq -d 'Re-send the delivery with this seq; repeat for several' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -s e -l event -d 'Only deliveries of this event' -r -f -a "subscribe\t'Contact added'
unsubscribe\t'Contact unsubscribed'
update\t'Contact updated'
subscriber_note\t'Note added to a contact'
contact_tag_added\t'Tag added to a contact'
contact_tag_removed\t'Tag removed from a contact'
contact_task_add\t'Task added to a contact'
sent\t'Campaign starts sending'
open\t'Campaign opened'
click\t'Campaign link clicked'
forward\t'Campaign forwarded'
share\t'Campaign shared'
reply\t'Campaign replied to'
bounce\t'Campaign bounced'
deal_add\t'Deal added'
deal_update\t'Deal updated'
deal_note_add\t'Note added to a deal'
deal_pipeline_add\t'Deal pipeline added'
deal_stage_add\t'Deal stage added'
deal_task_add\t'Task added to a deal'
deal_task_complete\t'Deal task completed'
deal_tasktype_add\t'Deal task type added'
list_add\t'List added'
sms_sent\t'SMS sent'
sms_reply\t'SMS replied to'
sms_unsub\t'Contact unsubscribed from SMS'
account_add\t'Account added'
account_update\t'Account updated'
account_contact_add\t'Contact added to an account'
account_contact_update\t'Account contact updated'"
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l last -d 'Only the last N (after the other filters)' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l to -d 'Where to send them; the original path and query are appended to its path' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l set -d 'Change a form field\'s value everywhere it occurs, or add it at the end, e.g. --set \'contact[email]=me@example.com\'; every other pair keeps its bytes' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l unset -d 'Drop a form field and every field under it (`deal` drops `deal[...]`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l all -d 'Re-send every saved delivery'
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l curl -d 'Print a curl command for each delivery instead of sending it'
complete -c acwh -n "__fish_acwh_using_subcommand replay" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand replay" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l all -d 'Compare date_time too (left out by default: it differs every time)'
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l json -d 'Print {"changed": [...], "added": [...], "removed": [...]} as JSON'
complete -c acwh -n "__fish_acwh_using_subcommand diff" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand diff" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand export" -l format -d 'The format to write' -r -f -a "toml\t''
json\t''"
complete -c acwh -n "__fish_acwh_using_subcommand export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c acwh -n "__fish_acwh_using_subcommand export" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand export" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand export" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand export" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand export" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand export" -l redact-query -d 'Write each URL query value (a receiver\'s token) as a ${VAR} placeholder'
complete -c acwh -n "__fish_acwh_using_subcommand export" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand export" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -s f -l file -d 'The webhook file: TOML, or JSON when its name ends in .json' -r -F
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l dry-run -d 'Print the plan and change nothing'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l exit-code -d 'With --dry-run: exit 3 when changes are pending'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l prune -d 'Also delete webhooks that are not in the file'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -s y -l yes -d 'Delete without asking for confirmation'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l json -d 'Print the plan and the result as JSON'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand apply" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand login" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand login" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand login" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand login" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand login" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand login" -l api-key-stdin -d 'Read the API key from standard input instead of prompting'
complete -c acwh -n "__fish_acwh_using_subcommand login" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand login" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand logout" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand logout" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'Show the settings in effect, the key masked'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'Print the config file\'s path'
complete -c acwh -n "__fish_acwh_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the settings in effect, the key masked'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path'
complete -c acwh -n "__fish_acwh_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand completions" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand completions" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand man" -l dir -d 'Write each page to its own file in DIR (acwh.1, acwh-create.1, acwh-sandbox-fire.1, ...) instead of printing them all' -r -F
complete -c acwh -n "__fish_acwh_using_subcommand man" -l api-url -d 'Your account\'s API URL, from AC\'s Settings -> Developer' -r
complete -c acwh -n "__fish_acwh_using_subcommand man" -l api-key -d 'Your API key, sent as the Api-Token header' -r
complete -c acwh -n "__fish_acwh_using_subcommand man" -l profile -d 'The profile of the config file to use (see `acwh login`)' -r
complete -c acwh -n "__fish_acwh_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c acwh -n "__fish_acwh_using_subcommand man" -l http-timeout -d 'Timeout for each request to AC, e.g. 30s or 2m' -r
complete -c acwh -n "__fish_acwh_using_subcommand man" -l no-input -d 'Never prompt; fail with exit code 2 when a value is missing'
complete -c acwh -n "__fish_acwh_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c acwh -n "__fish_acwh_using_subcommand man" -s V -l version -d 'Print version'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "create" -d 'Register a webhook'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "list" -d 'List the account\'s webhooks'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "show" -d 'Show one webhook'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "update" -d 'Change a webhook, keeping every field not named'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "delete" -d 'Delete webhooks'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "events" -d 'List the webhook events AC can send'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "lists" -d 'List the account\'s contact lists, to pick a --list id'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "whoami" -d 'Check the credentials and show whose they are'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "listen" -d 'Catch webhook deliveries locally and show them decoded'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "trigger" -d 'Send a sample payload shaped like AC\'s for an event to a URL (`--print` shows it)'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "sandbox" -d 'Run a local ActiveCampaign stand-in that really delivers webhooks'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "captures" -d 'List the deliveries saved by `acwh listen --save`'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "replay" -d 'Re-send saved deliveries byte for byte'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "diff" -d 'Show what changed between two saved deliveries, path by path'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "export" -d 'Write the account\'s webhooks as a file for `acwh apply`'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "apply" -d 'Make the account\'s webhooks match a file: plan, then apply'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "login" -d 'Save credentials for a profile, after checking them with AC'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "logout" -d 'Forget a profile\'s saved credentials'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "config" -d 'Show the configuration'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "man" -d 'Print the man page (roff), with a page for each subcommand'
complete -c acwh -n "__fish_acwh_using_subcommand help; and not __fish_seen_subcommand_from create list show update delete events lists whoami listen trigger sandbox captures replay diff export apply login logout config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acwh -n "__fish_acwh_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "fire" -d 'Make a running sandbox deliver an event to every matching webhook'
complete -c acwh -n "__fish_acwh_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show the settings in effect, the key masked'
complete -c acwh -n "__fish_acwh_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path'
