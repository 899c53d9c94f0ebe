// Uploads for the Documenti pages: files dropped on (or chosen in) a drop zone are sent one after the other to the
// streaming endpoint with XMLHttpRequest, whose upload events give a real per-file progress (fetch has none).
// The Blazor component decides what is accepted and where it goes (Accept → {key, url}), and is told the progress
// (Progress) and the server's answer (Done). Bytes never pass through the SignalR circuit.

export function attach(zone, input, dotnet, token) {
    const queue = [];
    let busy = false;

    const hasFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    const onDragOver = e => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        zone.classList.add('pp-dropzone--over');
    };
    const onDragLeave = () => zone.classList.remove('pp-dropzone--over');
    const onDrop = e => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        zone.classList.remove('pp-dropzone--over');
        enqueue(e.dataTransfer.files);
    };
    const onChange = () => {
        enqueue(input.files);
        input.value = '';
    };

    async function enqueue(fileList) {
        const files = Array.from(fileList || []);
        if (!input.multiple && files.length > 1) files.length = 1;
        for (const file of files) {
            const accepted = await dotnet.invokeMethodAsync('Accept', file.name, file.size);
            if (accepted) queue.push({ file, key: accepted.key, url: accepted.url });
        }
        pump();
    }

    async function pump() {
        if (busy) return;
        busy = true;
        try {
            while (queue.length > 0) {
                const item = queue.shift();
                const { status, body } = await send(item);
                await dotnet.invokeMethodAsync('Done', item.key, status, body);
            }
        } finally {
            busy = false;
        }
    }

    function send(item) {
        return new Promise(resolve => {
            const xhr = new XMLHttpRequest();
            let last = -1;
            xhr.open('POST', item.url);
            xhr.setRequestHeader('RequestVerificationToken', token);
            xhr.upload.onprogress = e => {
                if (!e.lengthComputable) return;
                const percent = Math.floor(e.loaded * 100 / e.total);
                // A message per 2 %: enough for the bar, few enough for the circuit.
                if (percent - last >= 2 || percent === 100) {
                    last = percent;
                    dotnet.invokeMethodAsync('Progress', item.key, percent);
                }
            };
            xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText || null });
            xhr.onerror = () => resolve({ status: 0, body: null });
            xhr.onabort = () => resolve({ status: 0, body: null });
            const form = new FormData();
            form.append('file', item.file, item.file.name);
            xhr.send(form);
        });
    }

    zone.addEventListener('dragover', onDragOver);
    zone.addEventListener('dragenter', onDragOver);
    zone.addEventListener('dragleave', onDragLeave);
    zone.addEventListener('drop', onDrop);
    input.addEventListener('change', onChange);

    return {
        openPicker: () => input.click(),
        dispose: () => {
            zone.removeEventListener('dragover', onDragOver);
            zone.removeEventListener('dragenter', onDragOver);
            zone.removeEventListener('dragleave', onDragLeave);
            zone.removeEventListener('drop', onDrop);
            input.removeEventListener('change', onChange);
            queue.length = 0;
        },
    };
}
