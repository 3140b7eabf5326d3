import cProfile
import io
import json
import pstats
import sys

function, path = sys.argv[1], sys.argv[2]
event = json.loads(open(path).read())
class Ctx:
    function_name = function; function_version = "$LATEST"; invoked_function_arn = "arn:aws:lambda:ap-southeast-3:1:function:x"
    memory_limit_in_mb = 512; aws_request_id = "r"; log_group_name = "g"; log_stream_name = "s"
    def get_remaining_time_in_millis(self): return 60000
import app

handler = app.app if function == "api" else getattr(app, function)
pr = cProfile.Profile(); pr.enable()
result = handler(event, Ctx())
pr.disable()
s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(40); print(s.getvalue()[:8000])
