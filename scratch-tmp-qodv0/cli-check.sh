#!/bin/bash
cd /work/main
LOG=scratch-tmp-qodv0/cli.log
timeout 30 npx tsx src/cli.ts mock --release pre-meta --port 4077 > $LOG 2>&1 &
PID=$!
for i in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:4077/_harness/clock && break; sleep 0.5; done
echo "--- log:"; grep -v "npm warn" $LOG
B=$(printf 'demo-app:demo-app-secret' | base64)
A=$(curl -s -X POST http://127.0.0.1:4077/bc-authorize -H "Authorization: Basic $B" -d login_hint=ipport:203.0.113.7:4000 --data-urlencode 'purpose=dpv:RequestedServiceProvision#qod'); echo "$A"
ID=$(echo "$A" | python3 -c 'import json,sys;print(json.load(sys.stdin)["auth_req_id"])')
T=$(curl -s -X POST http://127.0.0.1:4077/token -H "Authorization: Basic $B" -d grant_type=urn:openid:params:grant-type:ciba -d auth_req_id=$ID | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
R=$(curl -s -X POST http://127.0.0.1:4077/qod/v0/sessions -H "Authorization: Bearer $T" -H 'content-type: application/json' -d '{"device":{"ipv4Address":{"publicAddress":"203.0.113.7","publicPort":4000}},"applicationServer":{"ipv4Address":"0.0.0.0/0"},"qosProfile":"QOS_E","duration":300}'); echo "$R"
S=$(echo "$R" | python3 -c 'import json,sys;print(json.load(sys.stdin)["sessionId"])')
sleep 1.2; curl -s http://127.0.0.1:4077/qod/v0/sessions/$S -H "Authorization: Bearer $T"; echo
curl -s -o /dev/null -w "DELETE %{http_code}\n" -X DELETE http://127.0.0.1:4077/qod/v0/sessions/$S -H "Authorization: Bearer $T"
curl -s "http://127.0.0.1:4077/qod/v0/qos-profiles?status=ACTIVE" -H "Authorization: Bearer $T" | head -c 200; echo
kill $PID 2>/dev/null; wait $PID 2>/dev/null
echo "--- log end:"; grep -v "npm warn" $LOG
