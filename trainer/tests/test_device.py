from conftest import of, run_trainer

# Hides every GPU from torch, so these tests mean the same on a GPU host as on CI's CPU.
NO_GPU = {"CUDA_VISIBLE_DEVICES": ""}


def test_device_cuda_without_a_usable_gpu_is_refused_naming_the_setting_and_the_reason(make_spec):
    code, events = run_trainer(make_spec("lora", device="cuda", max_steps=2), env=NO_GPU)
    assert code == 2
    error = of(events, "error")[0]
    assert error["kind"] == "bad_input"
    assert "trainer.device is cuda but this machine has no usable GPU" in error["message"]
    assert "CUDA_VISIBLE_DEVICES" in error["message"] or "no CUDA" in error["message"]
    assert not of(events, "start")


def test_auto_falls_back_to_the_cpu_out_loud_and_metadata_records_what_ran(make_spec):
    code, events = run_trainer(make_spec("lora", device="auto", max_steps=3), env=NO_GPU)
    assert code == 0, events
    start = of(events, "start")[0]
    assert start["device"] == "cpu"
    assert start["device_note"].startswith("training on the CPU: ")
    environment = of(events, "done")[0]["environment"]
    assert environment["device"] == "cpu" and environment["device_note"] == start["device_note"]
    assert environment["precision"] == "fp32"
    assert environment["peak_memory_kind"] == "process_rss" and environment["peak_memory_bytes"] > 50 * 2**20
    assert environment["tokens_per_second"] > 0


def test_device_cpu_is_a_choice_not_a_fallback(make_spec):
    # With gradient checkpointing on: the knob reaches the HF Trainer and still trains (a LoRA model needs its
    # inputs to require grads for that, which peft arranges).
    code, events = run_trainer(make_spec("lora", device="cpu", max_steps=2, gradient_checkpointing=True))
    assert code == 0, events
    assert of(events, "start")[0]["device_note"] == "training on the CPU because trainer.device is cpu"
