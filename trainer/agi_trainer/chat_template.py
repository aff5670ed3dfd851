"""A ChatML template with `{% generation %}` markers, so trl can compute the loss on assistant turns only.
Used by the tiny model and given to base models that have no chat template (the seed's `gpt2`).

Tool calling follows Hermes / Qwen2.5, so a model trained here reads like the public ones:
- `tools` (when given) become a system turn listing each function as one signature line inside <tools></tools>,
  `name(arg: type, optional?: type): description`, merged after the first system message's text when the
  conversation starts with one. Signatures, not the JSON schemas Qwen2.5 prints: the tiny model's byte-level
  vocabulary spells JSON out almost character by character, and nine schemas alone filled its 2048 positions;
- an assistant's `tool_calls` follow its content, each as "\\n<tool_call>\\n{"name": ..., "arguments": ...}\\n
  </tool_call>", inside the generation block with the content and <|im_end|> (the model learns to write them);
  `arguments` given as JSON text are written as they are, objects through tojson (transformers' tojson keeps the
  caller's key order);
- a `tool` turn is an ordinary ChatML turn, "<|im_start|>tool\\n" + content + "<|im_end|>\\n": one turn per
  output, in call order, outside the generation block (never trained on). This is the branch every non-assistant
  role already took, so each message renders alone and appending one never changes what came before.
A conversation with no tools, no tool_calls and no tool turn renders byte-for-byte as the template did before
tool calling (tests/test_trajectory.py keeps the old text to prove it)."""

_TOOLS_INTRO = (
    "# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\n"
    "You are provided with function signatures (? marks an optional argument) within <tools></tools> XML "
    "tags:\\n<tools>"
)
_TOOLS_OUTRO = (
    "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within "
    '<tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": '
    "<args-json-object>}\\n</tool_call><|im_end|>\\n"
)

CHATML_WITH_GENERATION = (
    "{%- if tools %}"
    "{{ '<|im_start|>system\\n' }}"
    "{%- if messages[0]['role'] == 'system' %}{{ messages[0]['content'] + '\\n\\n' }}{%- endif %}"
    "{{ '" + _TOOLS_INTRO + "' }}"
    "{%- for tool in tools %}"
    "{%- set f = tool['function'] if tool['function'] is defined else tool %}"
    "{%- set params = f['parameters'] if f['parameters'] is defined and f['parameters'] else {} %}"
    "{%- set required = params['required'] if params['required'] is defined else [] %}"
    "{{ '\\n' + f['name'] + '(' }}"
    "{%- for name, schema in (params['properties'] if params['properties'] is defined else {}).items() %}"
    "{{ '' if loop.first else ', ' }}{{ name }}{{ '' if name in required else '?' }}{{ ': ' }}"
    "{%- if schema['type'] is string %}{{ schema['type'] }}"
    "{%- elif schema['type'] is defined %}{{ schema['type'] | join('|') }}{%- else %}{{ 'any' }}{%- endif %}"
    "{%- endfor %}"
    "{{ ')' }}"
    "{%- if f['description'] is defined and f['description'] %}{{ ': ' + f['description'] }}{%- endif %}"
    "{%- endfor %}"
    "{{ '" + _TOOLS_OUTRO + "' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if tools and loop.first and message['role'] == 'system' %}"
    "{%- elif message['role'] == 'assistant' %}"
    "{{ '<|im_start|>assistant\\n' }}{% generation %}{{ message['content'] or '' }}"
    "{%- for tool_call in message['tool_calls'] or [] %}"
    "{%- set call = tool_call['function'] if tool_call['function'] is defined else tool_call %}"
    "{{ ('\\n' if message['content'] or not loop.first else '') + '<tool_call>\\n{\"name\": ' }}"
    "{{ call['name'] | tojson }}{{ ', \"arguments\": ' }}"
    "{%- if call['arguments'] is string %}{{ call['arguments'] }}"
    "{%- else %}{{ call['arguments'] | tojson }}{%- endif %}"
    "{{ '}\\n</tool_call>' }}"
    "{%- endfor %}"
    "{{ '<|im_end|>' }}{% endgeneration %}"
    "{{ '\\n' }}"
    "{%- else %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + (message['content'] or '') + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}"
)

CHATML_TOKENS = ["<|im_start|>", "<|im_end|>"]
