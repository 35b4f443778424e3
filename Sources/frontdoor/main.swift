import FrontDoorServer

await FrontDoorMain.run()
