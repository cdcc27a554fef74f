/**
 * The recording of an ended call: a small generated audio file of the declared media type
 * (RecordingResource.contentType audio/wav). It is a RIFF/WAVE file, 8 kHz mono 8-bit PCM, holding a
 * 440 Hz tone as long as the parties were connected, capped at MAX_SECONDS to stay small.
 */
const RATE = 8000;
const MAX_SECONDS = 2;

export function wavRecording(connectedSeconds: number): Buffer {
  const samples = Math.max(1, Math.round(Math.min(Math.max(connectedSeconds, 0.1), MAX_SECONDS) * RATE));
  const buf = Buffer.alloc(44 + samples);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + samples, 4);
  buf.write("WAVE", 8, "ascii");
  buf.write("fmt ", 12, "ascii");
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(RATE, 24);
  buf.writeUInt32LE(RATE, 28); // byte rate = rate * channels * bytes per sample
  buf.writeUInt16LE(1, 32); // block align
  buf.writeUInt16LE(8, 34); // bits per sample
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) buf[44 + i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return buf;
}
