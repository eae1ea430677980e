"""`python -m actions`: rasa-sdk's server with the options `rasa run actions` gave it."""

from rasa_sdk.endpoint import create_argument_parser

from actions.__main__ import sdk_args


def test_the_action_server_options():
    args = create_argument_parser().parse_args(sdk_args(6055))
    assert (args.actions, args.port, args.cors, args.auto_reload) == ("actions", 6055, None, False)
