import time, sys, json
t0 = time.perf_counter()
function, path = sys.argv[1], sys.argv[2]
event = json.loads(open(path).read())
class Ctx:
    function_name = function; function_version = "$LATEST"; invoked_function_arn = "arn:aws:lambda:ap-southeast-3:1:function:x"
    memory_limit_in_mb = 512; aws_request_id = "r"; log_group_name = "g"; log_stream_name = "s"
    def get_remaining_time_in_millis(self): return 60000
import app
t1 = time.perf_counter()
handler = app.app if function == "api" else getattr(app, function)
result = handler(event, Ctx())
t2 = time.perf_counter()
result = handler(event, Ctx())
t3 = time.perf_counter()
print(f"{function}: import {t1-t0:.3f} first {t2-t1:.3f} second {t3-t2:.3f}")
