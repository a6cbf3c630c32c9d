<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ClinicApp</name>
    <message numerus="yes">
        <source>%Ln interrupted recording(s) were recovered and kept.</source>
        <translation>
            <numerusform>%Ln interrupted recording was recovered and kept.</numerusform>
            <numerusform>%Ln interrupted recordings were recovered and kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrescriptionView</name>
    <message numerus="yes">
        <source>Dispensed by %1: %n medicine(s) given.</source>
        <translation>
            <numerusform>Dispensed by %1: %n medicine given.</numerusform>
            <numerusform>Dispensed by %1: %n medicines given.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message numerus="yes">
        <source>Saved: %n quantity(ies).</source>
        <translation>
            <numerusform>Saved: %n quantity.</numerusform>
            <numerusform>Saved: %n quantities.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved yet.</source>
        <translation>
            <numerusform>%n change not saved yet.</numerusform>
            <numerusform>%n changes not saved yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message numerus="yes">
        <source>Syncing %Ln item(s)</source>
        <translation>
            <numerusform>Syncing %Ln item</numerusform>
            <numerusform>Syncing %Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused: %Ln item(s) waiting</source>
        <translation>
            <numerusform>Paused: %Ln item waiting</numerusform>
            <numerusform>Paused: %Ln items waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>Sending now: %Ln item(s) waiting.</source>
        <translation>
            <numerusform>Sending now: %Ln item waiting.</numerusform>
            <numerusform>Sending now: %Ln items waiting.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) waiting</source>
        <translation>
            <numerusform>%Ln item waiting</numerusform>
            <numerusform>%Ln items waiting</numerusform>
        </translation>
    </message>
</context>
</TS>
